import { recordAudit } from '../audit/audit-trail';
import type { Database } from '../database/database';
import { retentionDaysFor, type Plan } from '../billing/plans';
import { RETENTION_REST_RATIO } from './retention-pacing';

const DAY_MS = 86_400_000;
const PARENTS = { gateway_requests: 'metadataRows', gateway_full_logs: 'fullLogRows' } as const;
export type LogTable = keyof typeof PARENTS;
type Parent = LogTable;

/** How long dropping a partition may wait for its locks; it gives up rather than queue the gateway's inserts behind it. */
const LOCK_TIMEOUT = '500ms';

export interface LogPartition {
  name: string;
  parent: Parent;
  /** The partition's UTC day; null for the default partition, which can hold any day. */
  start: Date | null;
  end: Date | null;
}

interface DailyPartition extends LogPartition {
  start: Date;
  end: Date;
}

/** Every partition of both log tables, oldest day first, default partitions last. */
export async function logPartitions(db: Database): Promise<LogPartition[]> {
  const { rows } = await db.raw<{ rows: Array<{ name: string; parent: Parent }> }>(
    `select c.relname as name, p.relname as parent
       from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
      where p.relname in ('gateway_requests', 'gateway_full_logs')
      order by c.relname`,
  );
  const partitions: LogPartition[] = rows.map((row) => {
    const match = /_p(\d{4})(\d{2})(\d{2})$/.exec(row.name);
    if (!match) return { name: row.name, parent: row.parent, start: null, end: null };
    const start = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
    return { name: row.name, parent: row.parent, start: new Date(start), end: new Date(start + DAY_MS) };
  });
  return partitions.sort((a, b) => (a.start?.getTime() ?? Infinity) - (b.start?.getTime() ?? Infinity));
}

async function dailyPartitions(db: Database): Promise<DailyPartition[]> {
  return (await logPartitions(db)).filter((p): p is DailyPartition => p.start !== null && p.end !== null);
}

/** Every account's cutoff at `asOf`, as two parallel arrays for unnest(). */
async function cutoffs(db: Database, asOf: Date): Promise<{ ids: string[]; cutoffs: Date[]; shortestDays: number }> {
  const rows = await db('accounts')
    .whereNot({ status: 'deleted' })
    .select<Array<{ id: string; plan: Plan; retention_days: number | null }>>('id', 'plan', 'retention_days');
  const days = rows.map((row) => retentionDaysFor(row.plan, row.retention_days));
  return {
    ids: rows.map((row) => row.id),
    cutoffs: days.map((d) => new Date(asOf.getTime() - d * DAY_MS)),
    shortestDays: days.reduce((shortest, d) => Math.min(shortest, d), Number.POSITIVE_INFINITY),
  };
}

const UNEXPIRED_ROW = `
  with cutoff as (select * from unnest(?::uuid[], ?::timestamptz[]) as c(account_id, cutoff))
  select exists (select 1 from ?? r join cutoff c on c.account_id = r.account_id where r.created_at >= c.cutoff) as found`;

/**
 * Drops the daily partitions in which every row has expired for its account,
 * which is far cheaper than deleting their rows. Rows of accounts that no
 * longer exist count as expired. The partition is locked against inserts
 * before the final check, so a late row cannot slip in; the parent is locked
 * only for the detach, with a short lock timeout. Counts per account go to the
 * audit trail in the same transaction.
 */
export async function dropExpiredLogPartitions(
  db: Database,
  asOf: Date,
): Promise<{ dropped: string[]; skipped: string[] }> {
  const accounts = await cutoffs(db, asOf);
  // No partition can be fully expired before the shortest retention has passed (with no accounts, any day can).
  const oldest = asOf.getTime() - (Number.isFinite(accounts.shortestDays) ? accounts.shortestDays : 0) * DAY_MS;
  const candidates = (await dailyPartitions(db))
    .filter((p) => p.end.getTime() <= oldest)
    .sort((a, b) => a.name.localeCompare(b.name));
  const dropped: string[] = [];
  const skipped: string[] = [];
  for (const partition of candidates) {
    // Rest after each partition as long as its work took (see RETENTION_REST_RATIO): the gateway's inserts come first.
    const started = Date.now();
    await restAfter(started, partitionWork(partition));
  }
  return { dropped, skipped };

  async function partitionWork(partition: DailyPartition): Promise<void> {
    const unexpired = await db.transaction(async (trx) => {
      await trx.raw('set local jit = off');
      return trx.raw<{ rows: Array<{ found: boolean }> }>(UNEXPIRED_ROW, [
        accounts.ids,
        accounts.cutoffs,
        partition.name,
      ]);
    });
    if (unexpired.rows[0]?.found) return;
    try {
      await db.transaction(async (trx) => {
        await trx.raw(`set local lock_timeout = '${LOCK_TIMEOUT}'`);
        await trx.raw('set local jit = off');
        await trx.raw('lock table ?? in exclusive mode', [partition.name]);
        const recheck = await trx.raw<{ rows: Array<{ found: boolean }> }>(UNEXPIRED_ROW, [
          accounts.ids,
          accounts.cutoffs,
          partition.name,
        ]);
        if (recheck.rows[0]?.found) return;
        const perAccount = await trx.raw<{ rows: Array<{ account_id: string; count: number }> }>(
          'select account_id, count(*)::bigint as count from ?? group by account_id',
          [partition.name],
        );
        // The parent is locked from here to commit: only the detach and the audit entries run under it.
        // Owner-only DDL, done by the owner's function for the application role (migrations/…_application_role.ts).
        await trx.raw('select detach_gateway_log_partition(?)', [partition.name]);
        for (const row of perAccount.rows) {
          await recordAudit(trx, {
            accountId: row.account_id,
            actorType: 'system',
            action: 'retention.partition_dropped',
            targetType: partition.parent,
            targetId: partition.name,
            summary: { [PARENTS[partition.parent]]: row.count, partitionEnd: partition.end.toISOString() },
          });
        }
        dropped.push(partition.name);
      });
      // Detached, the table no longer concerns the gateway: drop it outside the parent's lock.
      if (dropped.at(-1) === partition.name)
        await db.raw('select drop_detached_gateway_log_partition(?)', [partition.name]);
    } catch (error) {
      // 55P03: lock_not_available. The gateway was busy on it; batched deletes take these rows instead.
      if ((error as { code?: string }).code !== '55P03') throw error;
      skipped.push(partition.name);
    }
  }
}

async function restAfter(started: number, work: Promise<void>): Promise<void> {
  await work;
  await new Promise((resolve) => setTimeout(resolve, (Date.now() - started) * RETENTION_REST_RATIO));
}
