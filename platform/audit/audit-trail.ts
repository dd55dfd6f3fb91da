import type { Knex } from 'knex';
import type { AuditLogRow } from '../database/tables';
import { lockAccountNotMoving } from '../regions/moving-accounts';

export type AuditActorType = 'user' | 'operator' | 'api_key' | 'system' | 'stripe' | 'subject';

export interface AuditEntryInput {
  accountId?: string | null;
  actorType: AuditActorType;
  actorId?: string | null;
  /** Dotted verb, e.g. `api_key.created`, `account.deletion_scheduled`. */
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  /** IDs, counts and settings only: never personal data or secrets (entries outlive erasure). */
  summary?: Record<string, unknown>;
}

export interface AuditEntry {
  id: number;
  createdAt: Date;
  accountId: string | null;
  actorType: AuditActorType;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  summary: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export function toAuditEntry(row: AuditLogRow): AuditEntry {
  return {
    id: row.id,
    createdAt: row.created_at,
    accountId: row.account_id,
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    summary: row.summary,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Actors whose changes are made for a tenant (its users and keys, Stripe, a data subject): never while it moves. */
const TENANT_ACTORS = new Set<AuditActorType>(['user', 'api_key', 'stripe', 'subject']);

/**
 * Appends one entry. Pass the transaction that makes the change, so the entry
 * and the change commit or roll back together. The database trigger links the
 * entry into the chain (see migrations/..._audit.ts).
 *
 * A tenant's change also share-locks its account's row, so a move between
 * regions cannot freeze the account while the change is in flight (its copy
 * would miss the change, which the purge would then delete): a change before
 * the freeze commits first, one after it fails with AccountMoving and rolls
 * back. The API refuses moving accounts before any of this; the lock closes
 * the window between that check and the commit.
 */
export async function recordAudit(trx: Knex | Knex.Transaction, input: AuditEntryInput): Promise<AuditEntry> {
  if (input.accountId && TENANT_ACTORS.has(input.actorType)) await lockAccountNotMoving(trx, input.accountId);
  const [row] = await trx('audit_log')
    .insert({
      account_id: input.accountId ?? null,
      actor_type: input.actorType,
      actor_id: input.actorId ?? null,
      action: input.action,
      target_type: input.targetType ?? null,
      target_id: input.targetId ?? null,
      summary: input.summary ?? {},
    })
    .returning('*');
  if (!row) throw new Error('audit insert returned no row');
  return toAuditEntry(row);
}

export type ChainVerification =
  { valid: true; checked: number } | { valid: false; checked: number; brokenId: number; reason: string };

/** Recomputes the whole chain in the database and names the first broken link. */
export async function verifyAuditChain(db: Knex): Promise<ChainVerification> {
  const { rows } = await db.raw<{ rows: Array<{ broken_id: number | null; reason: string | null; checked: number }> }>(
    'select broken_id, reason, checked from audit_verify_chain()',
  );
  const result = rows[0];
  if (!result) return { valid: true, checked: 0 };
  if (result.broken_id === null || result.reason === null) return { valid: true, checked: result.checked };
  return { valid: false, checked: result.checked, brokenId: result.broken_id, reason: result.reason };
}
