import type { Knex } from 'knex';
import type { AuditLogRow } from '../database/tables';

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

/**
 * Appends one entry. Pass the transaction that makes the change, so the entry
 * and the change commit or roll back together. The database trigger links the
 * entry into the chain (see migrations/..._audit.ts).
 */
export async function recordAudit(trx: Knex | Knex.Transaction, input: AuditEntryInput): Promise<AuditEntry> {
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
