import type { KeyObject } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { Database } from '../database/database';
import { type ArchiveSigner, publishedPublicKey, signBytes, verifyBytes } from './archive-signing';
import { entryHash, type SegmentEntry, sha256Hex } from './audit-archive-format';
import { HASHED_COLUMNS } from './audit-archive';
import { auditQuery, type auditFiltersSchema } from './audit-queries';

/**
 * An account's audit export, verifiable by anyone with the public key alone.
 *
 * NDJSON: one line per entry, oldest first, carrying the entry as the API shows
 * it and, under `hashed`, the exact text of every field that feeds its hash
 * (created_at to the microsecond, the summary as Postgres rendered it), so
 * anyone re-hashes it; then one signature line binding the account, the
 * filters, the count, the first and last IDs and the SHA-256 over the entries'
 * hashes in order, signed with the audit signing key (Ed25519). The chain is
 * one for the whole service, so an account's entries are not adjacent in it;
 * the signature line is what binds them together, and the daily archive
 * manifests bind the chain itself.
 */
export const EXPORT_FORMAT = 'autrace-audit-export';

type Filters = z.output<typeof auditFiltersSchema>;

export interface ExportEntryLine {
  type: 'entry';
  id: number;
  createdAt: string;
  accountId: string | null;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  summary: unknown;
  prevHash: string;
  hash: string;
  hashed: SegmentEntry;
}

interface SignedBody {
  format: typeof EXPORT_FORMAT;
  version: 1;
  accountId: string;
  filters: Record<string, string>;
  entryCount: number;
  firstEntryId: number | null;
  lastEntryId: number | null;
  /** SHA-256 (hex) over the entries' hashes in order, one per line. */
  hash: string;
  exportedAt: string;
  keyId: string;
}

export interface ExportSignatureLine extends SignedBody {
  type: 'signature';
  algorithm: 'Ed25519';
  signature: string;
}

function canonical(body: SignedBody): Buffer {
  const filters = Object.fromEntries(Object.entries(body.filters).sort(([a], [b]) => a.localeCompare(b)));
  const ordered: SignedBody = {
    format: body.format,
    version: body.version,
    accountId: body.accountId,
    filters,
    entryCount: body.entryCount,
    firstEntryId: body.firstEntryId,
    lastEntryId: body.lastEntryId,
    hash: body.hash,
    exportedAt: body.exportedAt,
    keyId: body.keyId,
  };
  return Buffer.from(JSON.stringify(ordered), 'utf8');
}

function entriesDigest(hashes: readonly string[]): string {
  return sha256Hex(hashes.map((h) => `${h}\n`).join(''));
}

/** Milliseconds, as the API shows times; the microseconds stay in `hashed.created_at`. */
function shownTime(hashedTime: string): string {
  return new Date(hashedTime).toISOString();
}

function entryLine(e: SegmentEntry): ExportEntryLine {
  return {
    type: 'entry',
    id: e.id,
    createdAt: shownTime(e.created_at),
    accountId: e.account_id,
    actorType: e.actor_type,
    actorId: e.actor_id,
    action: e.action,
    targetType: e.target_type,
    targetId: e.target_id,
    summary: JSON.parse(e.summary),
    prevHash: e.prev_hash,
    hash: e.hash,
    hashed: e,
  };
}

/** Entries matching the filters, oldest first, with the signature line; at most `limit` entries (else null). */
export async function buildAuditExport(
  db: Database | Knex.Transaction,
  signer: ArchiveSigner,
  input: { accountId: string; filters: Filters; limit: number; now: Date },
): Promise<string | null> {
  const rows = await auditQuery(db, input.accountId, input.filters)
    .orderBy('id', 'asc')
    .limit(input.limit + 1)
    .select<SegmentEntry[]>(db.raw<SegmentEntry[]>(HASHED_COLUMNS));
  if (rows.length > input.limit) return null;
  const filters = Object.fromEntries(
    Object.entries(input.filters).filter((pair): pair is [string, string] => typeof pair[1] === 'string'),
  );
  const body: SignedBody = {
    format: EXPORT_FORMAT,
    version: 1,
    accountId: input.accountId,
    filters,
    entryCount: rows.length,
    firstEntryId: rows[0]?.id ?? null,
    lastEntryId: rows.at(-1)?.id ?? null,
    hash: entriesDigest(rows.map((r) => r.hash)),
    exportedAt: input.now.toISOString(),
    keyId: publishedPublicKey(signer.publicKey).keyId,
  };
  const signature: ExportSignatureLine = {
    type: 'signature',
    ...body,
    algorithm: 'Ed25519',
    signature: signBytes(signer, canonical(body)),
  };
  return [...rows.map(entryLine), signature].map((line) => `${JSON.stringify(line)}\n`).join('');
}

// ---------------------------------------------------------------------------
// Offline verification: the export's text and the public key, nothing else.

/** What was done to an export, as the verifier names it. */
export type ExportTamper =
  | 'malformed'
  | 'not_signed'
  | 'signature_invalid'
  | 'entry_edited'
  | 'entry_removed'
  | 'entry_added'
  | 'entries_reordered';

export type ExportVerification =
  | { valid: true; accountId: string; entries: number; exportedAt: string; keyId: string }
  | { valid: false; problem: ExportTamper; line: number; entryId?: number; message: string };

function parseLine(text: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const HASHED_TEXT_FIELDS = [
  'created_at',
  'actor_type',
  'action',
  'summary',
  'prev_hash',
  'hash',
] as const satisfies ReadonlyArray<keyof SegmentEntry>;
const HASHED_NULLABLE_FIELDS = ['account_id', 'actor_id', 'target_type', 'target_id'] as const satisfies ReadonlyArray<
  keyof SegmentEntry
>;

function asSegmentEntry(value: unknown): SegmentEntry | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'number' || !Number.isSafeInteger(v.id)) return null;
  if (!HASHED_TEXT_FIELDS.every((f) => typeof v[f] === 'string')) return null;
  if (!HASHED_NULLABLE_FIELDS.every((f) => v[f] === null || typeof v[f] === 'string')) return null;
  return v as unknown as SegmentEntry;
}

/** The fields a reader sees must say what the hashed text says. */
function shownMatchesHashed(line: Record<string, unknown>, e: SegmentEntry): boolean {
  let summary: unknown;
  try {
    summary = JSON.parse(e.summary);
  } catch {
    return false;
  }
  return (
    line.id === e.id &&
    line.createdAt === shownTime(e.created_at) &&
    line.accountId === e.account_id &&
    line.actorType === e.actor_type &&
    line.actorId === e.actor_id &&
    line.action === e.action &&
    line.targetType === e.target_type &&
    line.targetId === e.target_id &&
    isDeepStrictEqual(line.summary, summary) &&
    line.prevHash === e.prev_hash &&
    line.hash === e.hash
  );
}

/**
 * Checks an export with the public key alone: the signature line, every
 * entry's hash against its hashed text, what each line shows against that
 * text, the order, and the signed count and digest. Names the first tamper.
 */
export function verifyAuditExport(text: string, publicKey: KeyObject): ExportVerification {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const fail = (problem: ExportTamper, line: number, message: string, entryId?: number): ExportVerification => ({
    valid: false,
    problem,
    line,
    ...(entryId === undefined ? {} : { entryId }),
    message,
  });
  const parsed = lines.map(parseLine);
  const badLine = parsed.findIndex((p) => p === null);
  if (badLine >= 0) return fail('malformed', badLine + 1, 'the line is not a JSON object');

  const lastIndex = parsed.length - 1;
  const trailer = parsed[lastIndex];
  if (!trailer || trailer.type !== 'signature')
    return fail('not_signed', parsed.length, 'no signature line at the end');
  const { type: _type, algorithm, signature, ...body } = trailer as unknown as ExportSignatureLine;
  const keyId = publishedPublicKey(publicKey).keyId;
  if (algorithm !== 'Ed25519' || typeof signature !== 'string' || body.format !== EXPORT_FORMAT)
    return fail('signature_invalid', parsed.length, 'the signature line is not an Ed25519 audit export signature');
  if (body.keyId !== keyId)
    return fail('signature_invalid', parsed.length, `signed by key ${String(body.keyId)}, not by key ${keyId}`);
  if (!verifyBytes(publicKey, canonical(body), signature))
    return fail('signature_invalid', parsed.length, 'the signature does not match the signed fields');

  const hashes: string[] = [];
  let previousId = 0;
  for (const [index, line] of parsed.slice(0, lastIndex).entries()) {
    const n = index + 1;
    if (!line || line.type !== 'entry') return fail('malformed', n, 'expected an entry line');
    const hashed = asSegmentEntry(line.hashed);
    if (!hashed) return fail('malformed', n, 'the entry carries no hashed text');
    if (entryHash(hashed) !== hashed.hash)
      return fail('entry_edited', n, `entry ${hashed.id}: its hash does not match its hashed text`, hashed.id);
    if (!shownMatchesHashed(line, hashed))
      return fail('entry_edited', n, `entry ${hashed.id}: what the line shows differs from its hashed text`, hashed.id);
    if (hashed.account_id !== body.accountId)
      return fail('entry_added', n, `entry ${hashed.id} belongs to another account than the export's`, hashed.id);
    if (hashed.id <= previousId)
      return fail('entries_reordered', n, `entry ${hashed.id} comes after entry ${previousId}`, hashed.id);
    previousId = hashed.id;
    hashes.push(hashed.hash);
  }
  if (hashes.length < body.entryCount)
    return fail(
      'entry_removed',
      parsed.length,
      `${body.entryCount - hashes.length} of the ${body.entryCount} signed entries are missing`,
    );
  if (hashes.length > body.entryCount)
    return fail('entry_added', parsed.length, `${hashes.length - body.entryCount} entries more than were signed`);
  if (entriesDigest(hashes) !== body.hash)
    return fail('entry_edited', parsed.length, 'the entries are not the ones signed: one was replaced');
  return { valid: true, accountId: body.accountId, entries: hashes.length, exportedAt: body.exportedAt, keyId };
}
