import type { Knex } from 'knex';
import { NO_KEY, USAGE_SUMS, usageAggregates, UTC_HOUR } from '../platform/usage/usage-aggregates';
import { up as createDeltaTable } from './20261207000004_gateway_usage_deltas';

/**
 * The usage rollup without work on the gateway's insert path.
 *
 * Until now a statement trigger appended each inserted batch's aggregates to
 * gateway_usage_deltas and the log writer folded those into the rollup every
 * few seconds. Writing, then deleting, about one delta row per request row
 * cost the log writer a quarter of its insert rate (ratio 0.74–0.79 against
 * 0.9 wanted; in Postgres CPU per row, 27.5 µs without the rollup, 35 µs
 * with it).
 *
 * Now each request row carries the ID of the transaction that inserted it
 * (`inserted_xid`, a column default, so every writer sets it) and the fold
 * reads the rows themselves: those with an ID at or above the mark where the
 * last fold stopped and below the oldest transaction still running
 * (`pg_snapshot_xmin`). Every transaction below that bound has ended, so each
 * committed row is folded exactly once, whatever order transactions commit in;
 * rolled-back rows are never seen; a spool replay's new rows come with a new
 * ID and are folded into the hours they belong to. The fold moves the mark in
 * the transaction that upserts the rollup, holding the mark's row lock, so
 * folds never overlap (a second one finds the row locked and returns). A usage
 * read adds the rows above the mark to the rollup within one snapshot, so it
 * counts every committed request exactly once too. An index on the column
 * (next migration) finds the rows above the mark.
 *
 * What it costs: a default and one index entry per row (the same CPU test:
 * 30.5 µs a row with the fold, against 27.5 µs without a rollup). What it
 * needs: a long-running writing transaction anywhere on the server holds the
 * bound back, so the fold waits for it and reads scan more unfolded rows
 * meanwhile; the counts stay exact.
 *
 * Rows written before this migration keep the ID 0: the trigger counted them,
 * and the mark starts above it. The trigger goes in the same transaction that
 * gives the column its default, so a row is counted by one or the other.
 */
const SUMS = USAGE_SUMS.join(', ');

/** The upsert of `grouped` sums into one level of the rollup, in key order. */
function foldInto(table: string, period: 'hour' | 'day'): string {
  const select =
    period === 'hour'
      ? `select account_id, hour, api_key_id, model, ${SUMS} from grouped`
      : `select account_id, (hour at time zone 'UTC')::date, api_key_id, model,
                ${USAGE_SUMS.map((c) => `sum(${c})`).join(', ')}
           from grouped
          group by 1, 2, 3, 4`;
  return `insert into ${table} as u (account_id, ${period}, api_key_id, model, ${SUMS})
      ${select}
       order by 1, 2, 3, 4
      on conflict (account_id, ${period}, api_key_id, model) do update set
        ${USAGE_SUMS.map((c) => `${c} = u.${c} + excluded.${c}`).join(',\n        ')}`;
}

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table gateway_requests add column inserted_xid xid8 not null default '0'`);
  await knex.raw('alter table gateway_requests alter column inserted_xid set default pg_current_xact_id()');
  await knex.raw('drop trigger gateway_requests_usage_rollup on gateway_requests');
  await knex.raw('select gateway_usage_fold(null)');
  await knex.raw('drop function gateway_usage_fold(uuid)');
  await knex.raw('drop function gateway_usage_rollup()');
  await knex.raw('drop table gateway_usage_deltas');
  await knex.raw(`
    create table gateway_usage_fold_mark (
      only_row boolean primary key default true check (only_row),
      folded_before xid8 not null
    )`);
  await knex.raw(`insert into gateway_usage_fold_mark (folded_before) values ('1')`);
  // Answers how many request rows it folded and whether every committed row is now folded: not when another
  // fold holds the mark, nor when committed rows wait above the bound behind an older running transaction.
  await knex.raw(`
    create function gateway_usage_fold(out folded bigint, out complete boolean) language plpgsql as $$
    declare
      since xid8;
      upto xid8;
    begin
      folded := 0;
      select folded_before into since from gateway_usage_fold_mark for update skip locked;
      if not found then
        complete := false;
        return;
      end if;
      upto := pg_snapshot_xmin(pg_current_snapshot());
      if upto > since then
        with grouped as (
          select account_id, ${UTC_HOUR} as hour, coalesce(api_key_id, '${NO_KEY}') as api_key_id, model,
                 ${usageAggregates()
                   .map((sql, i) => `${sql} as ${USAGE_SUMS[i]}`)
                   .join(',\n                 ')}
            from gateway_requests
           where inserted_xid >= since and inserted_xid < upto
           group by 1, 2, 3, 4
        ), hourly as (
          ${foldInto('gateway_usage_hourly', 'hour')}
        ), daily as (
          ${foldInto('gateway_usage_daily', 'day')}
        )
        select coalesce(sum(requests), 0) into folded from grouped;
        update gateway_usage_fold_mark set folded_before = upto;
      end if;
      complete := not exists (select from gateway_requests where inserted_xid >= upto);
    end $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('select gateway_usage_fold()');
  await knex.raw('drop function gateway_usage_fold(out bigint, out boolean)');
  await knex.raw('drop table gateway_usage_fold_mark');
  await createDeltaTable(knex);
  await knex.raw(`
    create trigger gateway_requests_usage_rollup
      after insert on gateway_requests
      referencing new table as inserted_requests
      for each statement execute function gateway_usage_rollup()`);
  await knex.raw('alter table gateway_requests drop column inserted_xid');
}
