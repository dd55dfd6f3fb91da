import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ZipArchive } from 'archiver';
import type { Region } from '../config/config';
import type { ObjectStorage } from '../storage/object-storage';
import { HELD_FOR_ACCOUNT_NOTE } from '../data-subject-requests/subject-scope';
import { csvLine } from './csv-format';
import {
  categoriesInScope,
  categorySources,
  type ExportCategory,
  type ExportContext,
  type ExportRow,
} from './export-categories';

/**
 * An export is one ZIP: `<category>.json` (a JSON array) and `<category>.csv`
 * per category, then `manifest.json` with row counts and file hashes. It is
 * streamed: rows → ZIP entries → S3 multipart parts, with back-pressure at
 * every step, so memory stays flat whatever the account's size.
 */
// 2: full logs sealed per entry under the account's data key (manifest `sealed`).
export const EXPORT_FORMAT_VERSION = 2;
export const EXPORT_FORMATS = ['json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
// S3's minimum part size: with two parts in flight the upload buffers ~10 MB.
const PART_SIZE = 5 * 1024 * 1024;

export interface ExportManifest {
  format: 'autrace-export';
  version: number;
  exportId: string;
  accountId: string;
  subjectUserId: string | null;
  createdAt: string;
  range: { from: string | null; to: string | null };
  categories: Array<{
    name: ExportCategory;
    rows: number;
    files: Array<{ path: string; sha256: string; bytes: number }>;
  }>;
  /** Categories the subject shares with the account's other users: named, with no rows (see subject-scope.ts). */
  heldForAccount: { categories: ExportCategory[]; note: string } | null;
  /** Categories whose entries stay sealed under the account's data key, and how to open them. */
  sealed: { categories: ExportCategory[]; cipher: 'AES-256-GCM'; associatedData: string; openWith: string } | null;
}

export interface ExportArchiveResult {
  key: string;
  sizeBytes: number;
  rowCounts: Record<string, number>;
  manifest: ExportManifest;
}

interface FileStats {
  sha256: string;
  bytes: number;
  rows: number;
}

/** A lazily generated file: nothing is read from the database until the ZIP writer reaches this entry. */
function lazyFile(chunks: () => AsyncGenerator<string>, done: (stats: FileStats) => void): Readable {
  async function* hashed() {
    const hash = createHash('sha256');
    let bytes = 0;
    let rows = 0;
    for await (const chunk of chunks()) {
      const buffer = Buffer.from(chunk, 'utf8');
      hash.update(buffer);
      bytes += buffer.length;
      rows += 1;
      yield buffer;
    }
    done({ sha256: hash.digest('hex'), bytes, rows });
  }
  return Readable.from(hashed());
}

async function* jsonChunks(
  ctx: ExportContext,
  category: ExportCategory,
  counted: (rows: number) => void,
): AsyncGenerator<string> {
  let first = true;
  let rows = 0;
  yield '[';
  for await (const batch of categorySources[category].batches(ctx)) {
    rows += batch.length;
    ctx.onRows?.(batch.length);
    const text = batch.map((row) => JSON.stringify(row)).join(',\n');
    yield `${first ? '\n' : ',\n'}${text}`;
    first = false;
  }
  yield '\n]\n';
  counted(rows);
}

async function* csvChunks(
  ctx: ExportContext,
  category: ExportCategory,
  counted: (rows: number) => void,
): AsyncGenerator<string> {
  const columns = categorySources[category].columns;
  yield csvLine(columns);
  let rows = 0;
  for await (const batch of categorySources[category].batches(ctx)) {
    rows += batch.length;
    ctx.onRows?.(batch.length);
    yield batch.map((row: ExportRow) => csvLine(columns.map((c) => row[c]))).join('');
  }
  counted(rows);
}

export interface WriteExportOptions {
  storage: ObjectStorage;
  region: Region;
  key: string;
  exportId: string;
  categories: readonly ExportCategory[];
  /** Each category as JSON and CSV unless narrowed. */
  formats?: readonly ExportFormat[];
  context: ExportContext;
  now: Date;
}

export async function writeExportArchive(options: WriteExportOptions): Promise<ExportArchiveResult> {
  const { context } = options;
  const { released: categories, heldForAccount } = categoriesInScope(options.categories, context.scope);
  // Fast compression: exports are bound by rows, and JSON/CSV still shrink several-fold at level 1.
  const zip = new ZipArchive({ zlib: { level: 1 } });
  const body = new PassThrough();
  let sizeBytes = 0;
  body.on('data', (chunk: Buffer) => {
    sizeBytes += chunk.length;
  });
  const upload = new Upload({
    client: options.storage.clientFor(options.region),
    params: {
      Bucket: options.storage.bucketFor(options.region),
      Key: options.key,
      Body: body,
      ContentType: 'application/zip',
    },
    partSize: PART_SIZE,
    queueSize: 2,
    leavePartsOnError: false,
  });
  const uploaded = upload.done();
  const zipFailed = new Promise<never>((_, reject) => zip.on('error', reject));
  zip.pipe(body);

  const manifest: ExportManifest = {
    format: 'autrace-export',
    version: EXPORT_FORMAT_VERSION,
    exportId: options.exportId,
    accountId: context.scope.accountId,
    subjectUserId: context.scope.subjectUserId ?? null,
    createdAt: options.now.toISOString(),
    range: { from: context.scope.from?.toISOString() ?? null, to: context.scope.to?.toISOString() ?? null },
    categories: [],
    heldForAccount: heldForAccount.length > 0 ? { categories: heldForAccount, note: HELD_FOR_ACCOUNT_NOTE } : null,
    sealed: categories.includes('gateway_full_logs')
      ? {
          categories: ['gateway_full_logs'],
          cipher: 'AES-256-GCM',
          associatedData: '<accountId>:<request_id>',
          openWith:
            'POST /v1/exports/full-logs/open (signed in), or /v1/public/exports/full-logs/open with the download token',
        }
      : null,
  };
  const rowCounts: Record<string, number> = {};
  // archiver starts reading every appended stream at once; appending the next
  // file only after the previous entry is written keeps one query open at a
  // time and lets the manifest see the final counts.
  const appendFile = async (name: string, source: Readable) => {
    const written = once(zip, 'entry');
    zip.append(source, { name, date: options.now });
    await Promise.race([written, zipFailed]);
  };
  for (const category of categories) {
    const entry: ExportManifest['categories'][number] = { name: category, rows: 0, files: [] };
    manifest.categories.push(entry);
    for (const format of options.formats ?? EXPORT_FORMATS) {
      const path = `${category}.${format}`;
      const counted = (rows: number) => {
        entry.rows = rows;
        rowCounts[category] = rows;
      };
      const chunks = () =>
        format === 'json' ? jsonChunks(context, category, counted) : csvChunks(context, category, counted);
      await appendFile(
        path,
        lazyFile(chunks, ({ sha256, bytes }) => entry.files.push({ path, sha256, bytes })),
      );
    }
  }
  await appendFile('manifest.json', Readable.from([Buffer.from(JSON.stringify(manifest, null, 2))]));
  await Promise.race([zip.finalize(), zipFailed]);
  await Promise.race([uploaded, zipFailed]);
  return { key: options.key, sizeBytes, rowCounts, manifest };
}

/** An expiring GET link to the archive. */
export function presignExportLink(
  storage: ObjectStorage,
  region: Region,
  key: string,
  expiresInSeconds: number,
): Promise<string> {
  return getSignedUrl(
    storage.clientFor(region),
    new GetObjectCommand({ Bucket: storage.bucketFor(region), Key: key }),
    {
      expiresIn: expiresInSeconds,
    },
  );
}
