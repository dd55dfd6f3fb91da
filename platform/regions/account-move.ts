import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { recordAudit, type AuditActorType } from '../audit/audit-trail';
import type { Region } from '../config/config';
import type { Database } from '../database/database';
import { pointExportScheduleAt } from '../temporal/scheduled-export-schedules';
import { switchAccountRegion } from './directory';

/**
 * Moving an account between regional databases, in steps the move workflow (workflows/account-move.ts)
 * runs as idempotent activities: freeze, copy table by table in key order (a batch at a time, from the
 * cursor the last batch ended at), verify counts and checksums, carry the recurring exports' Schedules,
 * switch, purge the source.
 *
 * Rows go from one database to the other through the worker running the move (one serving both
 * regions), never through Temporal's history. The audit trail is the exception: each database's chain
 * is append-only and archived under Object Lock, so the entries about the account (IDs only) stay in
 * the source's chain, and the target's records the move with the source's count of them.
 */
export interface MoveTable {
  table: string;
  /** The primary key, the copy's order and cursor. */
  key: readonly string[];
  /** The account's rows (`?` is the account ID). */
  scope: string;
  /** Values replaced in the copy, and so left out of the checksum. */
  overrides?: Record<string, unknown>;
}

const byAccount = 'account_id = ?';
/**
 * The account's privacy requests: those matched to it, and public ones about one of its users' addresses that
 * are not verified yet (matched to the account only when their link is followed, so they move with it).
 */
const accountRequests = `(coalesce(account_id, (select u.account_id from users u
    where lower(u.email) = lower(subject_email) and u.account_id is not null limit 1)) = ?)`;
const byRequest = `request_id in (select id from data_subject_requests where ${accountRequests})`;

/**
 * Every table holding an account's rows, parents before children. Not copied: sessions (a session token
 * names its region: users sign in again), and the delivery records of announcements and privacy-policy
 * notices (they belong to the primary region's notices and go with the users). A test checks that every
 * table with an `account_id` column is listed here.
 */
export const MOVE_TABLES: readonly MoveTable[] = [
  { table: 'accounts', key: ['id'], scope: 'id = ?' },
  { table: 'users', key: ['id'], scope: byAccount },
  { table: 'subscriptions', key: ['account_id'], scope: byAccount },
  { table: 'api_keys', key: ['id'], scope: byAccount },
  { table: 'policies', key: ['id'], scope: byAccount },
  { table: 'policy_versions', key: ['id'], scope: byAccount },
  { table: 'provider_connections', key: ['id'], scope: byAccount },
  { table: 'model_aliases', key: ['id'], scope: byAccount },
  { table: 'model_alias_targets', key: ['alias_id', 'position'], scope: byAccount },
  { table: 'budgets', key: ['id'], scope: byAccount },
  {
    table: 'budget_periods',
    key: ['budget_id', 'month'],
    scope: 'budget_id in (select id from budgets where account_id = ?)',
  },
  { table: 'budget_alerts', key: ['budget_id', 'month'], scope: byAccount },
  { table: 'export_schedules', key: ['id'], scope: byAccount },
  { table: 'data_subject_requests', key: ['id'], scope: accountRequests },
  // The deciding operator is a user of the primary region: the audit trail keeps who decided.
  { table: 'dsr_events', key: ['id'], scope: byRequest, overrides: { operator_id: null } },
  { table: 'dsr_processor_notices', key: ['request_id', 'processor'], scope: byRequest },
  { table: 'processing_restrictions', key: ['id'], scope: byAccount },
  { table: 'exports', key: ['id'], scope: byAccount },
  // Folded into the usage rollup in the source (see foldUsage): marked as counted ('0') in the target.
  { table: 'gateway_requests', key: ['created_at', 'id'], scope: byAccount, overrides: { inserted_xid: '0' } },
  { table: 'gateway_full_logs', key: ['created_at', 'request_id'], scope: byAccount },
  { table: 'gateway_usage_hourly', key: ['account_id', 'hour', 'api_key_id', 'model'], scope: byAccount },
  { table: 'gateway_usage_daily', key: ['account_id', 'day', 'api_key_id', 'model'], scope: byAccount },
  { table: 'sent_notifications', key: ['idempotency_key'], scope: byAccount },
];

/** Tables whose rows of the account are deleted with the users in the source and not copied. */
export const NOT_COPIED = ['sessions', 'announcement_deliveries', 'privacy_policy_notices'] as const;

function moveTable(name: string): MoveTable {
  const table = MOVE_TABLES.find((t) => t.table === name);
  if (!table) throw new Error(`${name} is not a table a move copies`);
  return table;
}

const keyList = (t: MoveTable) => t.key.map((k) => `t.${k}`).join(', ');
const overridesJson = (t: MoveTable) => JSON.stringify(t.overrides ?? {});

/** A copy's cursor: the key of the last row copied, as JSON (null: from the start). */
export type MoveCursor = Record<string, unknown> | null;

export interface MoveActor {
  actorType: AuditActorType;
  actorId: string | null;
}

/** Stops the account's traffic and changes for the move: disabled, audited. A repeat of the same move finds it done. */
export async function freezeAccountForMove(
  db: Database,
  input: { accountId: string; from: Region; to: Region; moveId: string; actor: MoveActor },
): Promise<'frozen' | 'already-frozen'> {
  return db.transaction(async (trx) => {
    const account = await trx('accounts').where({ id: input.accountId }).forUpdate().first('status', 'region');
    if (!account) throw new MoveRefused(`account ${input.accountId} is not in region ${input.from}`);
    const started = await trx('audit_log')
      .where({ account_id: input.accountId, action: 'account.move_started', target_id: input.moveId })
      .first('id');
    if (started) return 'already-frozen';
    if (account.status !== 'active') throw new MoveRefused('only an active account is moved');
    if (account.region !== input.from) throw new MoveRefused(`the account is homed in ${account.region}`);
    const blockers = await moveBlockers(trx, input.accountId);
    if (blockers.length) throw new MoveRefused(`the account has ${blockers.join(', ')}`);
    // The oldest transaction still running now: request rows inserted from it on may land after the copy.
    await trx('accounts')
      .where({ id: input.accountId })
      .update({
        status: 'disabled',
        moving_to: input.to,
        move_xmin: trx.raw('pg_snapshot_xmin(pg_current_snapshot())'),
      });
    await recordAudit(trx, {
      accountId: input.accountId,
      ...input.actor,
      action: 'account.move_started',
      targetType: 'account_move',
      targetId: input.moveId,
      summary: { from: input.from, to: input.to },
    });
    return 'frozen';
  });
}

/**
 * What keeps an account from moving now: work that Temporal runs on the source region's queue against the
 * source's database, which would find the account gone — an open privacy request (its legal deadline must not
 * slip), a pending deletion. (Recurring exports move: see carryExportSchedules.) Empty when the account can move.
 */
export async function moveBlockers(db: Database | Knex.Transaction, accountId: string): Promise<string[]> {
  const [requests, account] = await Promise.all([
    db('data_subject_requests').where({ account_id: accountId }).whereNull('closed_at').first('id'),
    db('accounts').where({ id: accountId }).first('deletion_requested_at'),
  ]);
  return [
    ...(requests ? ['open privacy requests (answer or close them first)'] : []),
    ...(account?.deletion_requested_at ? ['a pending deletion'] : []),
  ];
}

/**
 * After the verified copy, before the switch: the account's recurring exports are to run in the target from
 * now on, so each one's Temporal Schedule is pointed at the target's queue (pointExportScheduleAt, which a
 * retry repeats harmlessly). The account is frozen in both databases meanwhile, so its owners change no
 * schedule, and a run that fires on either queue skips (scheduled runs of a moving account export nothing).
 * Answers the schedules carried, for the switch's audit entry.
 */
export async function carryExportSchedules(
  target: Database,
  client: Client,
  input: { accountId: string; to: Region },
): Promise<string[]> {
  const rows = await target('export_schedules')
    .where({ account_id: input.accountId })
    .orderBy('id')
    .select('id', 'cron', 'paused');
  for (const row of rows)
    await pointExportScheduleAt(client, {
      scheduleId: row.id,
      accountId: input.accountId,
      region: input.to,
      cron: row.cron,
      paused: row.paused,
    });
  return rows.map((row) => row.id);
}

/** The region the account is being moved to, or null when it is not moving (or not in this database). */
export async function accountMovingTo(db: Database, accountId: string): Promise<Region | null> {
  const row = await db('accounts').where({ id: accountId }).first('moving_to');
  return row?.moving_to ?? null;
}

/**
 * Undoes a move that failed or was cancelled before its switch: the rows copied so far leave the target
 * (`target` null: the regions share one database, nothing was copied), and in the source the account is
 * active again, with `account.move_abandoned`. Does nothing for a move that never froze the account or has
 * been abandoned already; refuses one that has switched (that move only goes forward).
 */
export async function abandonAccountMove(
  source: Database,
  target: Database | null,
  input: { accountId: string; to: Region; moveId: string; reason: string; actor: MoveActor },
): Promise<'abandoned' | 'not-frozen'> {
  const marked = (trx: Knex | Knex.Transaction, action: string) =>
    trx('audit_log').where({ account_id: input.accountId, action, target_id: input.moveId }).first('id');
  if (target) {
    if (await marked(target, 'account.moved_in')) throw new MoveRefused('the move has switched already');
    await target.transaction(async (trx) => {
      for (const t of [...MOVE_TABLES].reverse())
        await trx.raw(`delete from ${t.table} t where ${t.scope}`, [input.accountId]);
    });
  }
  return source.transaction(async (trx) => {
    const account = await trx('accounts').where({ id: input.accountId }).forUpdate().first('moving_to');
    if (!account || !(await marked(trx, 'account.move_started')) || (await marked(trx, 'account.move_abandoned')))
      return 'not-frozen';
    if (await marked(trx, 'account.moved_out')) throw new MoveRefused('the move has purged the source already');
    await trx('accounts').where({ id: input.accountId }).update({ status: 'active', moving_to: null, move_xmin: null });
    await recordAudit(trx, {
      accountId: input.accountId,
      ...input.actor,
      action: 'account.move_abandoned',
      targetType: 'account_move',
      targetId: input.moveId,
      summary: { to: input.to, reason: input.reason.slice(0, 500) },
    });
    return 'abandoned';
  });
}

export class MoveRefused extends Error {
  override name = 'MoveRefused';
}

/** Folds every committed request row into the usage rollup, so the copied rollup counts every copied row. */
export async function foldUsage(db: Database): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const { rows } = await db.raw<{ rows: Array<{ complete: boolean }> }>('select complete from gateway_usage_fold()');
    if (rows[0]?.complete) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the usage fold did not complete');
}

/**
 * Copies the next batch of one table's rows of the account after `cursor`, in key order; rows already in
 * the target are overwritten with the source's. Answers the new cursor (null when the table is done) and the
 * rows read.
 */
export async function copyMoveBatch(
  source: Database,
  target: Database,
  input: { accountId: string; table: string; cursor: MoveCursor; batchRows: number },
): Promise<{ cursor: MoveCursor; rows: number }> {
  const t = moveTable(input.table);
  const after = input.cursor
    ? `and (${keyList(t)}) > (select ${t.key.map((k) => `c.${k}`).join(', ')} from json_populate_record(null::${t.table}, ?::json) c)`
    : '';
  const { rows } = await source.raw<{ rows: Array<{ row: Record<string, unknown> }> }>(
    `select to_jsonb(t) || ?::jsonb as row from ${t.table} t where ${t.scope} ${after} order by ${keyList(t)} limit ?`,
    [overridesJson(t), input.accountId, ...(input.cursor ? [JSON.stringify(input.cursor)] : []), input.batchRows],
  );
  if (rows.length === 0) return { cursor: null, rows: 0 };
  // A row copied before and changed in the source since (a request a workflow moved on) is brought up to date:
  // the verify step's second copy of a mismatched table fixes changed rows as well as missing ones.
  const columns = Object.keys(rows[0]?.row ?? {}).filter((c) => !t.key.includes(c));
  const quoted = (c: string) => `"${c.replaceAll('"', '""')}"`;
  const onConflict = columns.length
    ? `on conflict (${t.key.map(quoted).join(', ')}) do update set ${columns.map((c) => `${quoted(c)} = excluded.${quoted(c)}`).join(', ')}`
    : 'on conflict do nothing';
  await target.raw(
    `insert into ${t.table} select * from json_populate_recordset(null::${t.table}, ?::json) ${onConflict}`,
    [JSON.stringify(rows.map((r) => r.row))],
  );
  const last = rows[rows.length - 1]?.row ?? {};
  const cursor = Object.fromEntries(t.key.map((k) => [k, last[k]]));
  return { cursor: rows.length < input.batchRows ? null : cursor, rows: rows.length };
}

export interface TableTally {
  rows: number;
  checksum: string;
}

/** Per table: how many rows of the account, and an MD5 over them in key order (overridden columns left out). */
export async function tallyAccountRows(db: Database, accountId: string): Promise<Record<string, TableTally>> {
  const tallies: Record<string, TableTally> = {};
  await db.transaction(
    async (trx) => {
      // Timestamps read as text the same way on both sides.
      await trx.raw(`set local timezone = 'UTC'`);
      for (const t of MOVE_TABLES) {
        const left = Object.keys(t.overrides ?? {})
          .map((column) => ` - '${column}'`)
          .join('');
        const { rows } = await trx.raw<{ rows: Array<{ n: number; sum: string | null }> }>(
          `select count(*)::int as n, md5(string_agg((to_jsonb(t)${left})::text, '|' order by ${keyList(t)})) as sum
             from ${t.table} t where ${t.scope}`,
          [accountId],
        );
        tallies[t.table] = { rows: rows[0]?.n ?? 0, checksum: rows[0]?.sum ?? '' };
      }
    },
    { isolationLevel: 'repeatable read', readOnly: true },
  );
  return tallies;
}

/** Tables whose tallies differ between the two sides. */
export function mismatchedTables(source: Record<string, TableTally>, target: Record<string, TableTally>): string[] {
  return MOVE_TABLES.map((t) => t.table).filter(
    (table) => source[table]?.rows !== target[table]?.rows || source[table]?.checksum !== target[table]?.checksum,
  );
}

/**
 * Makes the target the account's home: the directory points at it, and there the account is active again,
 * homed in the target region, with an audit entry saying where it came from. A repeat finds it done.
 */
export async function switchAccountHome(
  target: Database,
  directory: Database,
  input: {
    accountId: string;
    from: Region;
    to: Region;
    moveId: string;
    rows: number;
    /** The recurring exports carried to the target (carryExportSchedules), named in the audit entry. */
    exportSchedules?: string[];
    actor: MoveActor;
  },
): Promise<void> {
  await target.transaction(async (trx: Knex.Transaction) => {
    const done = await trx('audit_log')
      .where({ account_id: input.accountId, action: 'account.moved_in', target_id: input.moveId })
      .first('id');
    if (done) return;
    // Export archives stay in the source's bucket, which the purge empties: the moved rows say they expired.
    await trx('exports').where({ account_id: input.accountId }).update({ expires_at: trx.fn.now() });
    await trx('accounts')
      .where({ id: input.accountId })
      .update({ status: 'active', region: input.to, moving_to: null, move_xmin: null });
    await recordAudit(trx, {
      accountId: input.accountId,
      ...input.actor,
      action: 'account.moved_in',
      targetType: 'account_move',
      targetId: input.moveId,
      summary: {
        from: input.from,
        rows: input.rows,
        ...(input.exportSchedules?.length ? { exportSchedules: input.exportSchedules } : {}),
      },
    });
  });
  await switchAccountRegion(directory, input.accountId, input.to);
}

/**
 * Deletes the account's rows from the source, children first, in one transaction, with the one audit
 * entry the source keeps of the move (IDs only, like the account's earlier entries, which stay in its
 * chain). A repeat finds no account and does nothing.
 *
 * Requests in flight when the account froze finish and are logged afterwards, possibly after the verified
 * copy. Before anything is deleted, the request rows inserted since the freeze (`move_xmin`) that the target
 * lacks, and their full logs, go to the target (carryLateRequestRows), so no request's record is lost.
 */
export async function purgeMovedAccount(
  source: Database,
  target: Database | null,
  input: { accountId: string; to: Region; moveId: string; actor: MoveActor },
): Promise<Record<string, number>> {
  return source.transaction(async (trx) => {
    const deleted: Record<string, number> = {};
    const account = await trx('accounts').where({ id: input.accountId }).first('id', 'move_xmin');
    if (!account) return deleted;
    if (target && account.move_xmin !== null) {
      const carried = await carryLateRequestRows(trx, target, input.accountId, account.move_xmin);
      if (carried > 0) deleted.late_rows_carried = carried;
    }
    for (const t of [...MOVE_TABLES].reverse())
      deleted[t.table] = await trx
        .raw<{ rowCount: number }>(`delete from ${t.table} t where ${t.scope}`, [input.accountId])
        .then((r) => r.rowCount);
    await recordAudit(trx, {
      accountId: input.accountId,
      ...input.actor,
      action: 'account.moved_out',
      targetType: 'account_move',
      targetId: input.moveId,
      summary: { to: input.to },
    });
    return deleted;
  });
}

/**
 * The request rows of the account inserted at or after `since` (an xid8: the freeze's oldest running
 * transaction, so every row below it was copied), with their full logs, taken out of the source in the
 * purge's transaction and written to the target where it lacks them. Written without the copy's "counted"
 * mark (`inserted_xid` takes the target's default), so the target's usage rollup folds them; a row the
 * copy already brought is left as it is (its key is taken). The target's insert commits before the
 * source's delete does: a purge retried after a failure finds the rows in both and writes nothing twice.
 * Answers the rows written to the target.
 */
async function carryLateRequestRows(
  trx: Knex.Transaction,
  target: Database,
  accountId: string,
  since: string,
): Promise<number> {
  // As JSON the database writes it (to_jsonb): timestamps keep their microseconds, bytea its hex form.
  const { rows: requests } = await trx.raw<{ rows: Array<{ id: string; row: Record<string, unknown> }> }>(
    `delete from gateway_requests t where account_id = ? and inserted_xid >= ?::xid8
      returning t.id, to_jsonb(t) - 'inserted_xid' as row`,
    [accountId, since],
  );
  if (requests.length === 0) return 0;
  // A full log is written in the transaction of its request row (gateway/logging/batch-writer.ts).
  const { rows: fullLogs } = await trx.raw<{ rows: Array<{ row: Record<string, unknown> }> }>(
    `delete from gateway_full_logs t where account_id = ? and request_id = any(?::uuid[]) returning to_jsonb(t) as row`,
    [accountId, requests.map((r) => r.id)],
  );
  return target.transaction(async (t) => {
    let written = 0;
    for (let i = 0; i < requests.length; i += 500)
      written += await insertMissing(
        t,
        'gateway_requests',
        requests.slice(i, i + 500).map((r) => r.row),
      );
    for (let i = 0; i < fullLogs.length; i += 500)
      await insertMissing(
        t,
        'gateway_full_logs',
        fullLogs.slice(i, i + 500).map((r) => r.row),
      );
    return written;
  });
}

/** Inserts `rows` (JSON of the table's rows) where their primary key is free; answers how many went in. */
async function insertMissing(
  trx: Knex.Transaction,
  table: 'gateway_requests' | 'gateway_full_logs',
  rows: Array<Record<string, unknown>>,
): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = Object.keys(rows[0] ?? {})
    .map((c) => `"${c.replaceAll('"', '""')}"`)
    .join(', ');
  const result = await trx.raw<{ rowCount: number }>(
    `insert into ${table} (${columns}) select ${columns} from json_populate_recordset(null::${table}, ?::json)
      on conflict do nothing`,
    [JSON.stringify(rows)],
  );
  return result.rowCount;
}
