import { recordAudit } from '../audit/audit-trail';
import type { Database } from '../database/database';

/** Rows per DELETE statement: bounded, so no statement holds locks or writes WAL for long. */
export const PURGE_BATCH_SIZE = 5_000;

const LOG_TABLES = {
  gateway_requests: 'id',
  gateway_full_logs: 'request_id',
} as const;
export type LogTable = keyof typeof LOG_TABLES;

/**
 * Deletes every log row of an account in bounded batches. Each batch commits on
 * its own, so a crash loses nothing and the retry deletes what is left.
 */
export async function deleteAccountLogs(db: Database, table: LogTable, accountId: string): Promise<number> {
  const idColumn = LOG_TABLES[table];
  let total = 0;
  for (;;) {
    const result = await db.raw<{ rowCount: number }>(
      `delete from ?? where (created_at, ??) in (select created_at, ?? from ?? where account_id = ? limit ?)`,
      [table, idColumn, idColumn, table, accountId, PURGE_BATCH_SIZE],
    );
    total += result.rowCount;
    if (result.rowCount < PURGE_BATCH_SIZE) return total;
  }
}

/** Removes the data key that full logs and archives are encrypted under (crypto-shredding). */
export async function shredAccountDataKey(db: Database, accountId: string): Promise<boolean> {
  const updated = await db('accounts')
    .where({ id: accountId })
    .whereNotNull('data_key_wrapped')
    .update({ data_key_wrapped: null });
  return updated > 0;
}

export async function stripeCustomerIdOf(db: Database, accountId: string): Promise<string | null> {
  const account = await db('accounts').where({ id: accountId }).first('stripe_customer_id');
  if (account?.stripe_customer_id) return account.stripe_customer_id;
  const subscription = await db('subscriptions').where({ account_id: accountId }).first('stripe_customer_id');
  return subscription?.stripe_customer_id ?? null;
}

/**
 * Deletes the account's dependent rows (keys, provider connections, sessions,
 * policies, billing, exports, the usage rollup), leaving only the account and its users, whose addresses the final
 * e-mail still needs. Data-subject requests keep their evidence trail, unlinked.
 */
export async function deleteAccountData(db: Database, accountId: string): Promise<Record<string, number>> {
  return db.transaction(async (trx) => {
    const userIds = trx('users').where({ account_id: accountId }).select('id');
    // Waits for a running usage fold (it holds the mark's row), so none writes the account's rollup back.
    await trx('gateway_usage_fold_mark').forUpdate().first('only_row');
    const counts: Record<string, number> = {
      sessions: await trx('sessions').whereIn('user_id', userIds).delete(),
      apiKeys: await trx('api_keys').where({ account_id: accountId }).delete(),
      modelAliases: await trx('model_aliases').where({ account_id: accountId }).delete(),
      providerConnections: await trx('provider_connections').where({ account_id: accountId }).delete(),
      policyVersions: await trx('policy_versions').where({ account_id: accountId }).delete(),
      policies: await trx('policies').where({ account_id: accountId }).delete(),
      subscriptions: await trx('subscriptions').where({ account_id: accountId }).delete(),
      exports: await trx('exports').where({ account_id: accountId }).delete(),
      exportSchedules: await trx('export_schedules').where({ account_id: accountId }).delete(),
      usageRollups:
        (await trx('gateway_usage_hourly').where({ account_id: accountId }).delete()) +
        (await trx('gateway_usage_daily').where({ account_id: accountId }).delete()),
      privacyPolicyNotices: await trx('privacy_policy_notices').whereIn('user_id', userIds).delete(),
      dataSubjectRequestsUnlinked: await trx('data_subject_requests')
        .where({ account_id: accountId })
        .update({ account_id: null }),
    };
    return counts;
  });
}

/**
 * Deletes the account and its users, and appends the one audit entry that
 * outlives them: IDs and counts only. A repeat finds no account and does nothing.
 */
export async function deleteAccountRecord(
  db: Database,
  input: { accountId: string; workflowId: string; summary: Record<string, number | string | boolean> },
): Promise<boolean> {
  return db.transaction(async (trx) => {
    const users = await trx('users').where({ account_id: input.accountId }).delete();
    const accounts = await trx('accounts').where({ id: input.accountId }).delete();
    if (accounts === 0) return false;
    await recordAudit(trx, {
      accountId: input.accountId,
      actorType: 'system',
      action: 'account.deleted',
      targetType: 'account',
      targetId: input.accountId,
      summary: { workflowId: input.workflowId, users, ...input.summary },
    });
    return true;
  });
}
