import { recordAudit } from '../audit/audit-trail';
import type { Database } from '../database/database';
import { DomainError } from '../errors/domain-error';

/** The reason stored on keys revoked by a deletion request, so a cancellation restores exactly those. */
export const DELETION_REVOCATION_REASON = 'account-deletion';

export interface AccountSummary {
  id: string;
  region: 'eu' | 'us' | 'apac';
  status: 'active' | 'disabled' | 'deleted';
  stripeCustomerId: string | null;
}

export async function findAccount(db: Database, accountId: string): Promise<AccountSummary | undefined> {
  const row = await db('accounts').where({ id: accountId }).first('id', 'region', 'status', 'stripe_customer_id');
  return row && { id: row.id, region: row.region, status: row.status, stripeCustomerId: row.stripe_customer_id };
}

export async function ownerEmails(db: Database, accountId: string): Promise<string[]> {
  const rows = await db('users').where({ account_id: accountId, role: 'owner' }).orderBy('id').select('email');
  return rows.map((row) => row.email);
}

/**
 * Disables the account and revokes its active keys at once, with one audit
 * entry. Repeating it (a retried activity) changes nothing and writes nothing.
 */
export async function disableAccountForDeletion(
  db: Database,
  input: { accountId: string; requestedByUserId: string; workflowId: string; purgeAt: string },
): Promise<{ revokedKeys: number; changed: boolean }> {
  return db.transaction(async (trx) => {
    const account = await trx('accounts')
      .where({ id: input.accountId })
      .forUpdate()
      .first('status', 'deletion_requested_at');
    if (!account) throw new DomainError('AccountNotFound', `account ${input.accountId} does not exist`);
    if (account.status === 'deleted')
      throw new DomainError('AccountAlreadyDeleted', `account ${input.accountId} is already deleted`);
    if (account.status === 'disabled' && account.deletion_requested_at) return { revokedKeys: 0, changed: false };

    const now = trx.fn.now();
    await trx('accounts')
      .where({ id: input.accountId })
      .update({ status: 'disabled', deletion_requested_at: now, updated_at: now });
    const revokedKeys = await trx('api_keys')
      .where({ account_id: input.accountId })
      .whereNull('revoked_at')
      .update({ revoked_at: now, revoked_reason: DELETION_REVOCATION_REASON });
    await recordAudit(trx, {
      accountId: input.accountId,
      actorType: 'user',
      actorId: input.requestedByUserId,
      action: 'account.deletion_scheduled',
      targetType: 'account',
      targetId: input.accountId,
      summary: { workflowId: input.workflowId, purgeAt: input.purgeAt, revokedKeys },
    });
    return { revokedKeys, changed: true };
  });
}

/** Cancels a pending deletion: the account and the keys the deletion revoked work again. Idempotent. */
export async function restoreAccount(
  db: Database,
  input: { accountId: string; cancelledByUserId: string; workflowId: string },
): Promise<{ restoredKeys: number; changed: boolean }> {
  return db.transaction(async (trx) => {
    const account = await trx('accounts').where({ id: input.accountId }).forUpdate().first('status');
    if (!account) throw new DomainError('AccountNotFound', `account ${input.accountId} does not exist`);
    if (account.status !== 'disabled') return { restoredKeys: 0, changed: false };

    const now = trx.fn.now();
    await trx('accounts')
      .where({ id: input.accountId })
      .update({ status: 'active', deletion_requested_at: null, updated_at: now });
    const restoredKeys = await trx('api_keys')
      .where({ account_id: input.accountId, revoked_reason: DELETION_REVOCATION_REASON })
      .update({ revoked_at: null, revoked_reason: null });
    await recordAudit(trx, {
      accountId: input.accountId,
      actorType: 'user',
      actorId: input.cancelledByUserId,
      action: 'account.deletion_cancelled',
      targetType: 'account',
      targetId: input.accountId,
      summary: { workflowId: input.workflowId, restoredKeys },
    });
    return { restoredKeys, changed: true };
  });
}
