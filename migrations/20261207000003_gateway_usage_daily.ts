import type { Knex } from 'knex';
import { LATENCY_BUCKET_COLUMNS, latencyBucketCondition } from '../platform/usage/latency-histogram';

/**
 * A daily level of the usage rollup, beside the hourly one: the 30- and
 * 90-day series read at most 90 rows per key and model instead of 2,160 (the
 * hourly table of a busy account held some 50,000 rows for 90 days, 40–80 ms
 * to sum). The same statement trigger now upserts both levels from the rows
 * the statement inserted, so both stay exact and idempotent under replay
 * (see 20261207000001_gateway_usage_rollup.ts).
 */
const NO_KEY = '00000000-0000-0000-0000-000000000000';
const SUMS = ['requests', 'blocked', 'errors', 'prompt_tokens', 'completion_tokens', ...LATENCY_BUCKET_COLUMNS];

/** An insert of the aggregates of `source` rows into `table`, keyed by `period` ('hour' or 'day'). */
function rollupInsert(table: string, period: 'hour' | 'day', source: string, upsert: boolean): string {
  const bucket = period === 'hour' ? `date_trunc('hour', created_at, 'UTC')` : `(created_at at time zone 'UTC')::date`;
  return `
    insert into ${table} as u (account_id, ${period}, api_key_id, model, ${SUMS.join(', ')})
    select account_id, ${bucket}, coalesce(api_key_id, '${NO_KEY}'), model,
           count(*),
           count(*) filter (where verdict = 'BLOCK'),
           count(*) filter (where verdict = 'ALLOW' and status >= 400),
           coalesce(sum(prompt_tokens), 0),
           coalesce(sum(completion_tokens), 0),
           ${LATENCY_BUCKET_COLUMNS.map((_, i) => `count(*) filter (where ${latencyBucketCondition(i)})`).join(',\n           ')}
      from ${source}
     group by 1, 2, 3, 4
     ${
       upsert
         ? `order by 1, 2, 3, 4
    on conflict (account_id, ${period}, api_key_id, model) do update set
      ${SUMS.map((c) => `${c} = u.${c} + excluded.${c}`).join(',\n      ')}`
         : ''
     }`;
}

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table gateway_usage_daily (
      account_id uuid not null,
      day date not null,
      api_key_id uuid not null,
      model text not null,
      ${SUMS.map((c) => `${c} bigint not null`).join(',\n      ')},
      primary key (account_id, day, api_key_id, model)
    )`);
  await knex.raw(`
    create or replace function gateway_usage_rollup() returns trigger language plpgsql as $$
    begin
      ${rollupInsert('gateway_usage_hourly', 'hour', 'inserted_requests', true)};
      ${rollupInsert('gateway_usage_daily', 'day', 'inserted_requests', true)};
      return null;
    end $$`);
  // The trigger is replaced in this transaction, so no row is rolled up twice or missed.
  await knex.raw(rollupInsert('gateway_usage_daily', 'day', 'gateway_requests', false));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    create or replace function gateway_usage_rollup() returns trigger language plpgsql as $$
    begin
      ${rollupInsert('gateway_usage_hourly', 'hour', 'inserted_requests', true)};
      return null;
    end $$`);
  await knex.raw('drop table gateway_usage_daily');
}
