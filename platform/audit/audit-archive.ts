import { createHash, type KeyObject } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Config, Region } from '../config/config';
import type { Database } from '../database/database';
import type { AuditArchiveRow } from '../database/tables';
import type { ObjectStorage } from '../storage/object-storage';
import { createArchiveSigner } from './archive-signing';
import {
  archiveKeys,
  type ArchiveManifestBody,
  entryHash,
  GENESIS_HASH,
  parseSegment,
  type SegmentEntry,
  serializeSegment,
  sha256Hex,
  signManifest,
  type SignedArchiveManifest,
  verifyManifestSignature,
} from './audit-archive-format';
import { addDays, civilDateOf, formatCivil, parseCivil } from '../data-subject-requests/civil-date';

export interface AuditArchiveDeps {
  config: Config;
  db: Database;
  storage: ObjectStorage;
}

/** An archive row with its day selected as the civil date (`to_char`), not pg's local-midnight Date. */
type ArchiveRowWithCivilDay = Omit<AuditArchiveRow, 'day'> & { day: string };

/** Days before today's UTC date that no archive holds yet, oldest first, at most `limit`. */
export async function pendingArchiveDays(db: Database, region: Region, now: Date, limit = 62): Promise<string[]> {
  const last = await db('audit_archives')
    .where({ region })
    .max({ day: db.raw("to_char(day, 'YYYY-MM-DD')") })
    .first<{ day: string | null } | undefined>();
  let start: string | null = last?.day ? formatCivil(addDays(parseCivil(last.day), 1)) : null;
  if (!start) {
    const first = await db('audit_log')
      .select(db.raw(`to_char(min(created_at) at time zone 'utc', 'YYYY-MM-DD') as day`))
      .first<{ day: string | null } | undefined>();
    start = first?.day ?? null;
  }
  if (!start) return [];
  const today = formatCivil(civilDateOf(now));
  const days: string[] = [];
  for (let day = start; day < today && days.length < limit; day = formatCivil(addDays(parseCivil(day), 1)))
    days.push(day);
  return days;
}

/** An entry's columns as text, exactly as they feed its hash (audit_entry_hash): what segments and exports carry. */
export const HASHED_COLUMNS = `id, to_char(created_at at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at,
  account_id::text as account_id, actor_type, actor_id, action, target_type, target_id, summary::text as summary, prev_hash, hash`;

/** The day's entries exactly as hashed. Holds the day in memory; see docs/privacy.md for the limit. */
export async function readDayEntries(db: Database, day: string): Promise<SegmentEntry[]> {
  const { rows } = await db.raw<{ rows: SegmentEntry[] }>(
    `select ${HASHED_COLUMNS} from audit_log
     where created_at >= (?::date)::timestamp at time zone 'utc' and created_at < (?::date + 1)::timestamp at time zone 'utc'
     order by id`,
    [day, day],
  );
  return rows;
}

async function chainHashBefore(db: Database, day: string): Promise<string> {
  const row = await db('audit_log')
    .select('hash')
    .whereRaw(`created_at < (?::date)::timestamp at time zone 'utc'`, [day])
    .orderBy('id', 'desc')
    .first();
  return row?.hash ?? GENESIS_HASH;
}

function contentMd5(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('base64');
}

async function putLocked(
  deps: AuditArchiveDeps,
  region: Region,
  key: string,
  body: Buffer,
  contentType: string,
  now: Date,
): Promise<string | null> {
  const { objectLockMode, objectLockRetentionDays } = deps.config.s3;
  const written = await deps.storage.clientFor(region).send(
    new PutObjectCommand({
      Bucket: deps.storage.bucketFor(region),
      Key: key,
      Body: body,
      ContentType: contentType,
      // Object Lock requires an integrity header on the upload.
      ContentMD5: contentMd5(body),
      ...(objectLockMode === 'OFF'
        ? {}
        : {
            ObjectLockMode: objectLockMode,
            ObjectLockRetainUntilDate: new Date(now.getTime() + objectLockRetentionDays * 86_400_000),
          }),
    }),
  );
  // The version written is what verification expects: a later version under the key is a replacement.
  return written.VersionId ?? null;
}

export interface ArchivedDay {
  day: string;
  entryCount: number;
  manifestSha256: string;
}

/** Writes one closed day's segment and signed manifest, then records it. Safe to repeat. */
export async function archiveAuditDay(
  deps: AuditArchiveDeps,
  region: Region,
  day: string,
  now: Date,
): Promise<ArchivedDay> {
  const existing = await deps.db('audit_archives').where({ region }).where('day', '=', day).first();
  if (existing) return { day, entryCount: existing.entry_count, manifestSha256: existing.manifest_sha256 };

  const previous = await deps
    .db('audit_archives')
    .where({ region })
    .where('day', '<', day)
    .orderBy('day', 'desc')
    .first();
  const entries = await readDayEntries(deps.db, day);
  const segment = serializeSegment(entries);
  const { segmentKey, manifestKey } = archiveKeys(day);
  const lastEntry = entries[entries.length - 1];
  const segmentVersionId = await putLocked(deps, region, segmentKey, segment, 'application/x-ndjson', now);
  const body: ArchiveManifestBody = {
    format: 'autrace-audit-archive',
    version: 2,
    region,
    day,
    segmentKey,
    segmentSha256: sha256Hex(segment),
    entryCount: entries.length,
    firstEntryId: entries[0]?.id ?? null,
    lastEntryId: lastEntry?.id ?? null,
    chainLastHash: lastEntry?.hash ?? (await chainHashBefore(deps.db, day)),
    previousManifestSha256: previous?.manifest_sha256 ?? GENESIS_HASH,
    segmentVersionId,
  };
  const manifest = signManifest(createArchiveSigner(deps.config.keys.auditSigning), body);
  const manifestSha256 = sha256Hex(manifest);
  const manifestVersionId = await putLocked(deps, region, manifestKey, manifest, 'application/json', now);
  await deps
    .db('audit_archives')
    .insert({
      region,
      day,
      first_entry_id: body.firstEntryId,
      last_entry_id: body.lastEntryId,
      entry_count: body.entryCount,
      segment_key: segmentKey,
      segment_sha256: body.segmentSha256,
      manifest_key: manifestKey,
      manifest_sha256: manifestSha256,
      previous_manifest_sha256: body.previousManifestSha256,
      chain_last_hash: body.chainLastHash,
      segment_version_id: segmentVersionId,
      manifest_version_id: manifestVersionId,
    })
    .onConflict(['region', 'day'])
    .ignore();
  return { day, entryCount: entries.length, manifestSha256 };
}

// ---------------------------------------------------------------------------
// Verification

function parseManifest(bytes: Buffer): SignedArchiveManifest | null {
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as SignedArchiveManifest) : null;
  } catch {
    return null;
  }
}

export type ArchiveVerification =
  | { valid: true; checkedDays: number; checkedEntries: number }
  | { valid: false; checkedDays: number; day: string; key: string; problem: string };

/** The object the key holds now, and its version. */
async function fetchObject(
  deps: AuditArchiveDeps,
  region: Region,
  key: string,
): Promise<{ bytes: Buffer; versionId: string | null } | null> {
  try {
    const object = await deps.storage
      .clientFor(region)
      .send(new GetObjectCommand({ Bucket: deps.storage.bucketFor(region), Key: key }));
    const bytes = Buffer.from(await (object.Body?.transformToByteArray() ?? new Uint8Array()));
    return { bytes, versionId: object.VersionId ?? null };
  } catch (error) {
    if (error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound')) return null;
    throw error;
  }
}

/**
 * Checks every archived day in order: manifest present, unchanged, still the
 * version written and signed; manifests linked; segment present, matching its
 * manifest and still the version written; every entry's hash and link; and the
 * segment against the database. Names the first mismatch. Needs only the
 * public key (by default the one of this deployment's signing key).
 */
export async function verifyAuditArchive(
  deps: AuditArchiveDeps,
  region: Region,
  publicKey: KeyObject = createArchiveSigner(deps.config.keys.auditSigning).publicKey,
): Promise<ArchiveVerification> {
  const rows = await deps
    .db('audit_archives')
    .select<ArchiveRowWithCivilDay[]>('*', deps.db.raw(`to_char(day, 'YYYY-MM-DD') as day`))
    .where({ region })
    .orderBy('audit_archives.day');
  let previousManifestSha = GENESIS_HASH;
  let previousChainHash: string | null = null;
  let checkedEntries = 0;
  for (const [index, row] of rows.entries()) {
    const fail = (key: string, problem: string): ArchiveVerification => ({
      valid: false,
      checkedDays: index,
      day: row.day,
      key,
      problem,
    });
    const manifestObject = await fetchObject(deps, region, row.manifest_key);
    if (!manifestObject) return fail(row.manifest_key, 'manifest is missing');
    if (sha256Hex(manifestObject.bytes) !== row.manifest_sha256)
      return fail(row.manifest_key, 'manifest does not match the hash recorded in the database');
    if (row.manifest_version_id !== null && manifestObject.versionId !== row.manifest_version_id)
      return fail(row.manifest_key, 'manifest was replaced: the key holds another version than the one written');
    const manifest = parseManifest(manifestObject.bytes);
    if (!manifest || !verifyManifestSignature(publicKey, manifest))
      return fail(row.manifest_key, 'manifest signature is invalid');
    if (manifest.previousManifestSha256 !== previousManifestSha)
      return fail(row.manifest_key, 'manifest does not link to the previous manifest');

    const segmentObject = await fetchObject(deps, region, manifest.segmentKey);
    if (!segmentObject) return fail(manifest.segmentKey, 'segment is missing');
    const segment = segmentObject.bytes;
    if (sha256Hex(segment) !== manifest.segmentSha256)
      return fail(manifest.segmentKey, 'segment does not match its manifest');
    const segmentVersion = manifest.version === 2 ? (manifest.segmentVersionId ?? null) : row.segment_version_id;
    if (segmentVersion !== null && segmentObject.versionId !== segmentVersion)
      return fail(manifest.segmentKey, 'segment was replaced: the key holds another version than the one written');
    const entries = parseSegment(segment);
    if (entries.length !== manifest.entryCount)
      return fail(manifest.segmentKey, 'segment entry count does not match its manifest');
    let expectedPrev = previousChainHash;
    for (const entry of entries) {
      if (entryHash(entry) !== entry.hash)
        return fail(manifest.segmentKey, `entry ${entry.id}: hash does not match its contents`);
      if (expectedPrev !== null && entry.prev_hash !== expectedPrev)
        return fail(manifest.segmentKey, `entry ${entry.id}: does not link to the previous entry`);
      expectedPrev = entry.hash;
    }
    const chainLast = entries[entries.length - 1]?.hash ?? previousChainHash;
    if (chainLast !== null && chainLast !== manifest.chainLastHash)
      return fail(row.manifest_key, "manifest's chain hash does not match the segment");

    const database = await readDayEntries(deps.db, row.day);
    if (database.length !== entries.length)
      return fail(
        manifest.segmentKey,
        `database holds ${database.length} entries for the day, the segment ${entries.length}`,
      );
    const differing = database.find((e, i) => e.hash !== entries[i]?.hash || e.id !== entries[i]?.id);
    if (differing) return fail(manifest.segmentKey, `entry ${differing.id} differs from the database`);

    checkedEntries += entries.length;
    previousManifestSha = row.manifest_sha256;
    previousChainHash = manifest.chainLastHash;
  }
  return { valid: true, checkedDays: rows.length, checkedEntries };
}
