import type { Database } from '../database/database';

export interface UsageFold {
  /** Request rows moved into the rollup. */
  folded: number;
  /**
   * Every committed request row is folded. Not when another fold was running, nor when committed rows
   * wait behind an older transaction still running: call again later.
   */
  complete: boolean;
}

/**
 * Folds the request rows committed since the last fold into the hourly and
 * daily rollup (migrations/20261208090001_gateway_usage_fold_by_transaction.ts).
 * Safe to call from every gateway at once: folds never overlap, and a call
 * that finds another fold running returns at once.
 */
export async function foldUsage(db: Database): Promise<UsageFold> {
  const { rows } = await db.raw<{ rows: Array<{ folded: string; complete: boolean }> }>(
    'select folded, complete from gateway_usage_fold()',
  );
  return { folded: Number(rows[0]?.folded ?? 0), complete: rows[0]?.complete ?? false };
}
