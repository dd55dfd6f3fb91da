import type { Database } from '../database/database';

/**
 * Moves pending usage deltas into the hourly and daily rollup
 * (migrations/20261207000004_gateway_usage_deltas.ts): one account's, or every
 * account's when `accountId` is null. Safe to run concurrently: each delta is
 * folded by exactly one call. Answers how many delta rows it folded.
 */
export async function foldUsageDeltas(db: Database, accountId: string | null): Promise<number> {
  const { rows } = await db.raw<{ rows: Array<{ folded: string }> }>('select gateway_usage_fold(?::uuid) as folded', [
    accountId,
  ]);
  return Number(rows[0]?.folded ?? 0);
}
