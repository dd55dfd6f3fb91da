import type { Knex } from 'knex';
import { LATENCY_BUCKET_COLUMNS, latencyBucketCondition } from '../platform/usage/latency-histogram';

/**
 * The usage rollup: one row per account, UTC hour, API key and model with
 * counts, token sums and a fixed latency histogram (platform/usage). The
 * dashboard's series read it, never the raw log.
 *
 * A statement-level AFTER INSERT trigger with a transition table keeps it up
 * to date: each statement that writes request rows (the log writer's COPY, a
 * spool replay's insert, any other insert) aggregates exactly the rows it
 * inserted and upserts one rollup row per group. A replayed row that already
 * exists is skipped by `on conflict do nothing` and so never enters the
 * transition table: replays are counted once. The upsert runs in the
 * inserting transaction, so a batch and its rollup commit or fail together.
 * Groups are upserted in key order, so concurrent writers lock shared rollup
 * rows in the same order and cannot deadlock on them.
 *
 * Deleting raw rows (retention, an owner's deletion) leaves the rollup: it
 * holds counts per key and model, no personal data and no content; an
 * account's rollup goes with the account (account purge).
 *
 * A request without an API key is rolled up under the nil UUID: the primary
 * key cannot hold NULL.
 */
const NO_KEY = '00000000-0000-0000-0000-000000000000';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table gateway_usage_hourly (
      account_id uuid not null,
      hour timestamptz not null,
      api_key_id uuid not null,
      model text not null,
      requests bigint not null,
      blocked bigint not null,
      errors bigint not null,
      prompt_tokens bigint not null,
      completion_tokens bigint not null,
      ${LATENCY_BUCKET_COLUMNS.map((c) => `${c} bigint not null`).join(',\n      ')},
      primary key (account_id, hour, api_key_id, model)
    )`);

  const sums = ['requests', 'blocked', 'errors', 'prompt_tokens', 'completion_tokens', ...LATENCY_BUCKET_COLUMNS];
  await knex.raw(`
    create function gateway_usage_rollup() returns trigger language plpgsql as $$
    begin
      insert into gateway_usage_hourly as u (account_id, hour, api_key_id, model, ${sums.join(', ')})
      select account_id, date_trunc('hour', created_at, 'UTC'), coalesce(api_key_id, '${NO_KEY}'), model,
             count(*),
             count(*) filter (where verdict = 'BLOCK'),
             count(*) filter (where verdict = 'ALLOW' and status >= 400),
             coalesce(sum(prompt_tokens), 0),
             coalesce(sum(completion_tokens), 0),
             ${LATENCY_BUCKET_COLUMNS.map((_, i) => `count(*) filter (where ${latencyBucketCondition(i)})`).join(',\n             ')}
        from inserted_requests
       group by 1, 2, 3, 4
       order by 1, 2, 3, 4
      on conflict (account_id, hour, api_key_id, model) do update set
        ${sums.map((c) => `${c} = u.${c} + excluded.${c}`).join(',\n        ')};
      return null;
    end $$`);
  await knex.raw(`
    create trigger gateway_requests_usage_rollup
      after insert on gateway_requests
      referencing new table as inserted_requests
      for each statement execute function gateway_usage_rollup()`);

  // Rows written before this migration: rolled up once, here.
  await knex.raw(`
    insert into gateway_usage_hourly (account_id, hour, api_key_id, model, ${sums.join(', ')})
    select account_id, date_trunc('hour', created_at, 'UTC'), coalesce(api_key_id, '${NO_KEY}'), model,
           count(*),
           count(*) filter (where verdict = 'BLOCK'),
           count(*) filter (where verdict = 'ALLOW' and status >= 400),
           coalesce(sum(prompt_tokens), 0),
           coalesce(sum(completion_tokens), 0),
           ${LATENCY_BUCKET_COLUMNS.map((_, i) => `count(*) filter (where ${latencyBucketCondition(i)})`).join(',\n           ')}
      from gateway_requests
     group by 1, 2, 3, 4`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger gateway_requests_usage_rollup on gateway_requests');
  await knex.raw('drop function gateway_usage_rollup()');
  await knex.raw('drop table gateway_usage_hourly');
}
