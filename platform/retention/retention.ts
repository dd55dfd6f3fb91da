import { recordAudit } from '../audit/audit-trail';
import type { Region } from '../config/config';
import type { Database } from '../database/database';
import { retentionDaysFor, type Plan } from '../billing/plans';
import { logPartitions, type LogTable } from './log-partitions';
import { RETENTION_REST_RATIO } from './retention-pacing';

const DAY_MS = 86_400_000;

/** Rows per DELETE statement: bounded, so no statement holds locks or writes WAL for long. */
export const RETENTION_BATCH_SIZE = 5_000;

export interface AccountRetention {
  accountId: string;
  plan: Plan;
  retentionDays: number;
  /** Rows created before this instant have expired. */
  cutoff: Date;
}

/** The region's accounts with the retention their plan gives them now: a plan change applies from the next sweep. */
export async function regionRetention(db: Database, region: Region, asOf: Date): Promise<AccountRetention[]> {
  const rows = await db('accounts')
    .where({ region })
    .whereNot({ status: 'deleted' })
    .select('id', 'plan', 'retention_days');
  return rows.map((row) => {
    const retentionDays = retentionDaysFor(row.plan, row.retention_days);
    return {
      accountId: row.id,
      plan: row.plan,
      retentionDays,
      cutoff: new Date(asOf.getTime() - retentionDays * DAY_MS),
    };
  });
}

export interface SweepTotals {
  accounts: number;
  metadataRows: number;
  fullLogRows: number;
}

const COUNTERS: Record<LogTable, 'metadataRows' | 'fullLogRows'> = {
  gateway_requests: 'metadataRows',
  gateway_full_logs: 'fullLogRows',
};

// One bounded batch inside one partition: ctid is unique there, so the delete is a TID scan,
// and a single-table statement plans in microseconds where one over the parent plans every partition.
const DELETE_BATCH = `
  with cutoff as (select * from unnest(?::uuid[], ?::timestamptz[]) as c(account_id, cutoff)),
  deleted as (
    delete from ?? where ctid = any(array(
      select p.ctid from ?? p join cutoff c on c.account_id = p.account_id where p.created_at < c.cutoff limit ?))
    returning account_id)
  select account_id, count(*)::int as count from deleted group by account_id`;

/**
 * Removes every row of the region's accounts older than their plan allows,
 * partition by partition (oldest first) in bounded batches that each commit
 * on their own. Only expired rows of old days are touched, so the gateway's
 * inserts into today's partition never wait on the sweep. Counts per account
 * are recorded in the audit trail at the end, one entry per account that lost
 * rows; a second run finds nothing and records nothing.
 */
export async function sweepExpiredLogs(
  db: Database,
  input: { region: Region; asOf: Date; batchSize?: number; restRatio?: number; onBatch?: () => void },
): Promise<SweepTotals> {
  const accounts = await regionRetention(db, input.region, input.asOf);
  const batchSize = input.batchSize ?? RETENTION_BATCH_SIZE;
  const restRatio = input.restRatio ?? RETENTION_REST_RATIO;
  const totals: SweepTotals = { accounts: accounts.length, metadataRows: 0, fullLogRows: 0 };
  if (accounts.length === 0) return totals;
  const ids = accounts.map((a) => a.accountId);
  const cutoffs = accounts.map((a) => a.cutoff);
  const latestCutoff = cutoffs.reduce((latest, c) => Math.max(latest, c.getTime()), 0);
  const perAccount = new Map<string, { metadataRows: number; fullLogRows: number }>();

  const partitions = (await logPartitions(db)).filter((p) => p.start === null || p.start.getTime() < latestCutoff);
  for (const partition of partitions) {
    const counter = COUNTERS[partition.parent];
    for (;;) {
      let removed = 0;
      const batchStarted = Date.now();
      try {
        removed = await db.transaction(async (trx) => {
          // JIT compiling a statement this small costs far more than running it.
          await trx.raw('set local jit = off');
          const { rows } = await trx.raw<{ rows: Array<{ account_id: string; count: number }> }>(DELETE_BATCH, [
            ids,
            cutoffs,
            partition.name,
            partition.name,
            batchSize,
          ]);
          let count = 0;
          for (const row of rows) {
            const entry = perAccount.get(row.account_id) ?? { metadataRows: 0, fullLogRows: 0 };
            entry[counter] += row.count;
            perAccount.set(row.account_id, entry);
            count += row.count;
          }
          return count;
        });
      } catch (error) {
        // 42P01: the partition was dropped meanwhile (by another region's sweep): its rows are gone.
        if ((error as { code?: string }).code === '42P01') break;
        throw error;
      }
      totals[counter] += removed;
      input.onBatch?.();
      if (removed < batchSize) break;
      if (restRatio > 0) await new Promise((resolve) => setTimeout(resolve, (Date.now() - batchStarted) * restRatio));
    }
  }

  const byId = new Map(accounts.map((a) => [a.accountId, a]));
  await db.transaction(async (trx) => {
    for (const [accountId, counts] of perAccount) {
      const account = byId.get(accountId);
      await recordAudit(trx, {
        accountId,
        actorType: 'system',
        action: 'retention.swept',
        targetType: 'account',
        targetId: accountId,
        summary: {
          plan: account?.plan,
          retentionDays: account?.retentionDays,
          cutoff: account?.cutoff.toISOString(),
          ...counts,
        },
      });
    }
  });
  return totals;
}
