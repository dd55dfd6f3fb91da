import type { Knex } from 'knex';

/**
 * Gateway logs are partitioned by day so retention can drop a whole partition
 * once every row in it has expired, instead of deleting row by row.
 * A default partition catches rows for days whose partition does not exist yet,
 * so an insert never fails for want of a partition.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table gateway_requests (
      id uuid not null,
      created_at timestamptz not null,
      account_id uuid not null,
      api_key_id uuid,
      endpoint text not null,
      provider text not null,
      model text not null,
      verdict text not null check (verdict in ('ALLOW', 'BLOCK')),
      matched_rule_ids text[] not null default '{}',
      prompt_tokens integer not null default 0,
      completion_tokens integer not null default 0,
      tokens_estimated boolean not null default false,
      latency_ms integer not null,
      status integer not null,
      streamed boolean not null default false,
      client_disconnected boolean not null default false,
      primary key (created_at, id)
    ) partition by range (created_at)`);
  await knex.raw('create index gateway_requests_account_time on gateway_requests (account_id, created_at)');
  await knex.raw('create table gateway_requests_default partition of gateway_requests default');

  await knex.raw(`
    create table gateway_full_logs (
      request_id uuid not null,
      created_at timestamptz not null,
      account_id uuid not null,
      -- AES-256-GCM under the account's data key: nonce, tag and ciphertext of {prompt, completion}.
      nonce bytea not null,
      auth_tag bytea not null,
      ciphertext bytea not null,
      primary key (created_at, request_id)
    ) partition by range (created_at)`);
  await knex.raw('create index gateway_full_logs_account_time on gateway_full_logs (account_id, created_at)');
  await knex.raw('create table gateway_full_logs_default partition of gateway_full_logs default');

  // Creates the daily partitions of both log tables for [first_day, first_day + days).
  await knex.raw(`
    create function ensure_gateway_log_partitions(first_day date, days integer) returns void
    language plpgsql as $$
    declare
      d date;
      parent text;
    begin
      for i in 0 .. days - 1 loop
        d := first_day + i;
        foreach parent in array array['gateway_requests', 'gateway_full_logs'] loop
          if to_regclass(format('%s_p%s', parent, to_char(d, 'YYYYMMDD'))) is null then
            begin
              execute format('create table %I partition of %I for values from (%L) to (%L)',
                parent || '_p' || to_char(d, 'YYYYMMDD'), parent,
                d::timestamp at time zone 'utc', (d + 1)::timestamp at time zone 'utc');
            exception
              when duplicate_table then null; -- another process created it first
              -- The default partition already holds rows of that day: they stay there and
              -- retention deletes them row by row.
              when check_violation then null;
            end;
          end if;
        end loop;
      end loop;
    end $$`);
  await knex.raw(`select ensure_gateway_log_partitions((now() at time zone 'utc')::date - 1, 9)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function ensure_gateway_log_partitions(date, integer)');
  await knex.raw('drop table gateway_full_logs');
  await knex.raw('drop table gateway_requests');
}
