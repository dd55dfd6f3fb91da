import type { Knex } from 'knex';
import { LATENCY_BUCKET_COLUMNS, latencyBucketCondition } from '../platform/usage/latency-histogram';

/**
 * The usage rollup off the gateway's write path. The statement trigger used
 * to upsert the hourly and daily rollups from every batch it saw; with traffic
 * spread over accounts, keys and models, a 500-row batch upserted about one
 * rollup row per log row, twice, and the log writer lost 40 % of its rate.
 *
 * Now the trigger only appends the batch's aggregates, one row per account,
 * hour, key and model, to gateway_usage_deltas: no index, no conflict, no row
 * lock shared with another writer. It still runs in the inserting statement,
 * so a batch and its deltas commit or roll back together, and a replayed row
 * skipped by `on conflict do nothing` never reaches the transition table:
 * replays are still counted once. The table is logged: a delta lost in a crash
 * would be traffic missing from the rollup for good.
 *
 * gateway_usage_fold(account) moves deltas into both rollup levels in one
 * statement: it deletes them (RETURNING), sums them per account, hour, key
 * and model once, and upserts the hourly level from those sums and the daily
 * level from their daily totals, in key order so concurrent folds lock rollup
 * rows in the same order. A delta is deleted by exactly one fold (a second
 * fold waiting on its row lock finds it gone), so nothing is folded twice.
 * The log writer folds every account's deltas every few seconds; the usage
 * series folds its account's before reading, so series stay exact. The delta
 * table holds those few seconds of traffic, which the read's fold scans.
 */
const NO_KEY = '00000000-0000-0000-0000-000000000000';
/**
 * The trigger's hour: date_bin from a UTC midnight gives the UTC hour whatever the session's time zone,
 * as date_trunc('hour', …, 'UTC') does at half its cost (measured on 500-row batches).
 */
const UTC_EPOCH = '2000-01-01 00:00:00+00';
const SUMS = ['requests', 'blocked', 'errors', 'prompt_tokens', 'completion_tokens', ...LATENCY_BUCKET_COLUMNS];

const AGGREGATES = `count(*),
           count(*) filter (where verdict = 'BLOCK'),
           count(*) filter (where verdict = 'ALLOW' and status >= 400),
           coalesce(sum(prompt_tokens), 0),
           coalesce(sum(completion_tokens), 0),
           ${LATENCY_BUCKET_COLUMNS.map((_, i) => `count(*) filter (where ${latencyBucketCondition(i)})`).join(',\n           ')}`;

/** The upsert of `grouped` sums (one row per account, hour, key and model) into one level of the rollup. */
function foldInto(table: string, period: 'hour' | 'day'): string {
  const columns = `account_id, ${period}, api_key_id, model, ${SUMS.join(', ')}`;
  const select =
    period === 'hour'
      ? `select ${columns} from grouped`
      : `select account_id, (hour at time zone 'UTC')::date, api_key_id, model, ${SUMS.map((c) => `sum(${c})`).join(', ')}
           from grouped
          group by 1, 2, 3, 4`;
  return `insert into ${table} as u (${columns})
      ${select}
       order by 1, 2, 3, 4
      on conflict (account_id, ${period}, api_key_id, model) do update set
        ${SUMS.map((c) => `${c} = u.${c} + excluded.${c}`).join(',\n        ')}`;
}

/** The trigger of 20261207000003_gateway_usage_daily.ts, for `down`. */
function directUpsert(table: string, period: 'hour' | 'day'): string {
  const bucket = period === 'hour' ? `date_trunc('hour', created_at, 'UTC')` : `(created_at at time zone 'UTC')::date`;
  return `insert into ${table} as u (account_id, ${period}, api_key_id, model, ${SUMS.join(', ')})
    select account_id, ${bucket}, coalesce(api_key_id, '${NO_KEY}'), model,
           ${AGGREGATES}
      from inserted_requests
     group by 1, 2, 3, 4
     order by 1, 2, 3, 4
    on conflict (account_id, ${period}, api_key_id, model) do update set
      ${SUMS.map((c) => `${c} = u.${c} + excluded.${c}`).join(',\n      ')}`;
}

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table gateway_usage_deltas (
      account_id uuid not null,
      hour timestamptz not null,
      api_key_id uuid not null,
      model text not null,
      ${SUMS.map((c) => `${c} bigint not null`).join(',\n      ')}
    )`);
  // Every row is deleted within seconds: vacuum it by dead-row count, not by a share of a table that is
  // always nearly empty, so a read's scan does not cross pages of dead deltas.
  await knex.raw(`
    alter table gateway_usage_deltas set (
      autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 20000,
      autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 20000
    )`);
  await knex.raw(`
    create or replace function gateway_usage_rollup() returns trigger language plpgsql as $$
    begin
      insert into gateway_usage_deltas (account_id, hour, api_key_id, model, ${SUMS.join(', ')})
      select account_id, date_bin('1 hour', created_at, '${UTC_EPOCH}'), coalesce(api_key_id, '${NO_KEY}'), model,
             ${AGGREGATES}
        from inserted_requests
       group by 1, 2, 3, 4;
      return null;
    end $$`);
  // One account's deltas, or every account's when null; answers how many delta rows it folded.
  await knex.raw(`
    create function gateway_usage_fold(only_account uuid) returns bigint language sql as $$
      with moved as (
        delete from gateway_usage_deltas
         where only_account is null or account_id = only_account
        returning *
      ), grouped as (
        select account_id, hour, api_key_id, model, ${SUMS.map((c) => `sum(${c}) as ${c}`).join(', ')}
          from moved
         group by 1, 2, 3, 4
      ), hourly as (
        ${foldInto('gateway_usage_hourly', 'hour')}
      ), daily as (
        ${foldInto('gateway_usage_daily', 'day')}
      )
      select count(*) from moved
    $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('select gateway_usage_fold(null)');
  await knex.raw(`
    create or replace function gateway_usage_rollup() returns trigger language plpgsql as $$
    begin
      ${directUpsert('gateway_usage_hourly', 'hour')};
      ${directUpsert('gateway_usage_daily', 'day')};
      return null;
    end $$`);
  await knex.raw('drop function gateway_usage_fold(uuid)');
  await knex.raw('drop table gateway_usage_deltas');
}
