import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LogRecord } from './log-rows';

/**
 * A bounded on-disk buffer of log rows for while the database is unreachable.
 * Each failed batch becomes one file (written to a temporary name, then
 * renamed, so a crash never leaves half a batch); files replay oldest first.
 * Rows hold metadata and ciphertext only, never prompt text.
 */
export interface Spool {
  /** Rows waiting on disk. */
  readonly depth: number;
  readonly bytes: number;
  /** False when the spool is full and the batch was refused. */
  append(records: readonly LogRecord[]): Promise<boolean>;
  /** Hands the oldest batch to `insert` and deletes it once inserted; false when the spool is empty. */
  replayOldest(insert: (records: LogRecord[]) => Promise<void>): Promise<boolean>;
}

interface SpoolFile {
  name: string;
  bytes: number;
  rows: number;
}

type Encoded = { kind: 'request'; row: LogRecord['row'] } | { kind: 'full'; row: Record<string, string> };

function encode(record: LogRecord): string {
  if (record.kind === 'request') return JSON.stringify(record);
  const { nonce, auth_tag, ciphertext, ...rest } = record.row;
  return JSON.stringify({
    kind: 'full',
    row: {
      ...rest,
      nonce: nonce.toString('base64'),
      auth_tag: auth_tag.toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    },
  });
}

function decode(line: string): LogRecord {
  const parsed = JSON.parse(line) as Encoded;
  if (parsed.kind === 'request') return parsed as LogRecord;
  const row = parsed.row;
  return {
    kind: 'full',
    row: {
      request_id: String(row.request_id),
      created_at: String(row.created_at),
      account_id: String(row.account_id),
      nonce: Buffer.from(String(row.nonce), 'base64'),
      auth_tag: Buffer.from(String(row.auth_tag), 'base64'),
      ciphertext: Buffer.from(String(row.ciphertext), 'base64'),
    },
  };
}

export async function openSpool(dir: string, maxBytes: number): Promise<Spool> {
  await mkdir(dir, { recursive: true });
  const files: SpoolFile[] = [];
  let bytes = 0;
  let depth = 0;
  let sequence = 0;
  for (const name of (await readdir(dir)).filter((n) => /^\d{16}\.jsonl$/.test(n)).sort()) {
    const content = await readFile(path.join(dir, name), 'utf8');
    const rows = content.split('\n').filter(Boolean).length;
    const size = (await stat(path.join(dir, name))).size;
    files.push({ name, bytes: size, rows });
    bytes += size;
    depth += rows;
    sequence = Math.max(sequence, Number(name.slice(0, 16)));
  }

  return {
    get depth() {
      return depth;
    },
    get bytes() {
      return bytes;
    },
    async append(records) {
      if (records.length === 0) return true;
      const content = records.map(encode).join('\n') + '\n';
      const size = Buffer.byteLength(content);
      if (bytes + size > maxBytes) return false;
      sequence += 1;
      const name = `${String(sequence).padStart(16, '0')}.jsonl`;
      // Reserve before awaiting, so concurrent appends respect the bound.
      bytes += size;
      depth += records.length;
      const file: SpoolFile = { name, bytes: size, rows: records.length };
      files.push(file);
      try {
        await writeFile(path.join(dir, `${name}.tmp`), content);
        await rename(path.join(dir, `${name}.tmp`), path.join(dir, name));
      } catch (error) {
        files.splice(files.indexOf(file), 1);
        bytes -= size;
        depth -= records.length;
        throw error;
      }
      return true;
    },
    async replayOldest(insert) {
      const oldest = files[0];
      if (!oldest) return false;
      const content = await readFile(path.join(dir, oldest.name), 'utf8');
      await insert(content.split('\n').filter(Boolean).map(decode));
      await unlink(path.join(dir, oldest.name));
      files.shift();
      bytes -= oldest.bytes;
      depth -= oldest.rows;
      return true;
    },
  };
}
