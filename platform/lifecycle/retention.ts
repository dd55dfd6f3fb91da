import { recordAudit } from '../audit/audit-trail';
import type { Database } from '../database/database';
import { retentionDaysFor, type Plan } from '../plans';

const DAY_MS = 86_400_000;

export interface RetentionOptions {
  /** Rows per DELETE statement. */
  batchSize: number;
  /** Batches per transaction (each transaction writes one audit entry with its counts). */
  batchesPerTransaction: number;
}

export const DEFAULT_RETENTION_OPTIONS: RetentionOptions = { batchSize: 5_000, batchesPerTransaction: 20 };

export interface AccountRetention {
  accountId: string;
  plan: Plan;
  retentionDays: number;
  /** Rows created before this instant have expired. */
  cutoff: Date;
}

interface AccountPlanRow {
  id: string;
  plan: Plan;
  retention_days: number | null;
}

function toRetention(row: AccountPlanRow, asOf: Date): AccountRetention {
  const retentionDays = retentionDaysFor(row.plan, row.retention_days);
  return { accountId: row.id, plan: row.plan, retentionDays, cutoff: new Date(asOf.getTime() - retentionDays * DAY_MS) };
}

/**
 * One page of a region's accounts (keyset by ID) with the retention their plan
 * gives them now: a plan change is picked up by the next sweep.
 */
export async function accountRetentionPage(
  db: Database,
  input: { region: string; afterAccountId?: string | undefined; limit: number; asOf: Date },
): Promise<AccountRetention[]> {
  const query = db('accounts').where({ region: input.region }).whereNot({ status: 'deleted' }).orderBy('id').limit(input.limit);
  if (input.afterAccountId) query.where('id', '>', input.afterAccountId);
  const rows = await query.select<AccountPlanRow[]>('id', 'plan', 'retention_days');
  return rows.map((row) => toRetention(row, input.asOf));
}

const LOG_TABLES = [
  { table: 'gateway_requests', idColumn: 'id', counter: 'metadataRows' },
  { table: 'gateway_full_logs', idColumn: 'request_id', counter: 'fullLogRows' },
] as const;

export interface SweepCounts {
  metadataRows: number;
  fullLogRows: number;
}

/**
 * Deletes an account's expired metadata rows and full logs in bounded batches.
 * Deleting only old rows by (created_at, id) never touches the rows the
 * gateway is inserting, so it takes no lock they wait on. Each transaction
 * holds at most `batchesPerTransaction` batches and records its counts in one
 * audit entry; a second run finds nothing and records nothing.
 */
export async function sweepAccountLogs(
  db: Database,
  account: AccountRetention,
  options: RetentionOptions = DEFAULT_RETENTION_OPTIONS,
): Promise<SweepCounts> {
  const totals: SweepCounts = { metadataRows: 0, fullLogRows: 0 };
  for (const { table, idColumn, counter } of LOG_TABLES) {
    let more = true;
    while (more) {
      const removed = await db.transaction(async (trx) => {
        let count = 0;
        for (let batch = 0; batch < options.batchesPerTransaction; batch += 1) {
          const result = await trx.raw<{ rowCount: number }>(
            `delete from ?? where (created_at, ??) in (select created_at, ?? from ?? where account_id = ? and created_at < ? limit ?)`,
            [table, idColumn, idColumn, table, account.accountId, account.cutoff, options.batchSize],
          );
          count += result.rowCount;
          more = result.rowCount === options.batchSize;
          if (!more) break;
        }
        if (count > 0) {
          await recordAudit(trx, {
            accountId: account.accountId,
            actorType: 'system',
            action: 'retention.swept',
            targetType: table,
            summary: { plan: account.plan, retentionDays: account.retentionDays, cutoff: account.cutoff.toISOString(), [counter]: count },
          });
        }
        return count;
      });
      totals[counter] += removed;
    }
  }
  return totals;
}
