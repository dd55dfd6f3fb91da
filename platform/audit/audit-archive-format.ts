import { createHash } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { type ArchiveSigner, signBytes, verifyBytes } from './archive-signing';

/**
 * An audit archive is one segment per UTC day (JSON Lines, one entry per
 * line, exactly the fields that feed the entry's hash, as text) and a signed
 * manifest binding the segment's hash (and, from version 2, the S3 version
 * the segment was written as), the chain's last hash (the day's chain head)
 * and the previous manifest's hash. A closed day's segment is deterministic;
 * a retried upload writes new versions, and the archive row records those of
 * the attempt that completed.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface SegmentEntry {
  id: number;
  /** As Postgres renders it for the hash (microseconds, UTC). */
  created_at: string;
  account_id: string | null;
  actor_type: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  /** jsonb rendered as text by Postgres, exactly as hashed. */
  summary: string;
  prev_hash: string;
  hash: string;
}

export interface ArchiveManifestBody {
  format: 'autrace-audit-archive';
  version: 1 | 2;
  region: string;
  day: string;
  segmentKey: string;
  segmentSha256: string;
  entryCount: number;
  firstEntryId: number | null;
  lastEntryId: number | null;
  /** The hash of the last entry on or before this day: where the chain stood. */
  chainLastHash: string;
  previousManifestSha256: string;
  /** Version 2: the S3 VersionId of the segment (null where the bucket keeps no versions). */
  segmentVersionId?: string | null;
}

export interface SignedArchiveManifest extends ArchiveManifestBody {
  signature: string;
}

export function sha256Hex(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function serializeSegment(entries: readonly SegmentEntry[]): Buffer {
  return Buffer.from(entries.map((e) => `${JSON.stringify(e)}\n`).join(''), 'utf8');
}

export function parseSegment(bytes: Buffer): SegmentEntry[] {
  return bytes
    .toString('utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as SegmentEntry);
}

/** Same definition as the database's audit_entry_hash(). */
export function entryHash(e: SegmentEntry): string {
  const fields = [
    e.prev_hash,
    String(e.id),
    e.created_at,
    e.account_id ?? '',
    e.actor_type,
    e.actor_id ?? '',
    e.action,
    e.target_type ?? '',
    e.target_id ?? '',
    e.summary,
  ];
  return sha256Hex(Buffer.from(fields.join('|'), 'utf8'));
}

function canonicalBody(body: ArchiveManifestBody): Buffer {
  const ordered: ArchiveManifestBody = {
    format: body.format,
    version: body.version,
    region: body.region,
    day: body.day,
    segmentKey: body.segmentKey,
    segmentSha256: body.segmentSha256,
    entryCount: body.entryCount,
    firstEntryId: body.firstEntryId,
    lastEntryId: body.lastEntryId,
    chainLastHash: body.chainLastHash,
    previousManifestSha256: body.previousManifestSha256,
    ...(body.version === 2 ? { segmentVersionId: body.segmentVersionId ?? null } : {}),
  };
  return Buffer.from(JSON.stringify(ordered), 'utf8');
}

export function signManifest(signer: ArchiveSigner, body: ArchiveManifestBody): Buffer {
  const signed: SignedArchiveManifest = { ...body, signature: signBytes(signer, canonicalBody(body)) };
  return Buffer.from(`${JSON.stringify(signed, null, 2)}\n`, 'utf8');
}

/** Needs only the public key. */
export function verifyManifestSignature(publicKey: KeyObject, manifest: SignedArchiveManifest): boolean {
  const { signature, ...body } = manifest;
  return typeof signature === 'string' && verifyBytes(publicKey, canonicalBody(body), signature);
}

export function archiveKeys(day: string): { segmentKey: string; manifestKey: string } {
  const [year, month, date] = day.split('-');
  const prefix = `audit-archive/${year}/${month}/${date}`;
  return { segmentKey: `${prefix}/segment.jsonl`, manifestKey: `${prefix}/manifest.json` };
}
