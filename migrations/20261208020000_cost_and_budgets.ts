import type { Knex } from 'knex';
import { LATENCY_BUCKET_COLUMNS, latencyBucketCondition } from '../platform/usage/latency-histogram';
import { LIST_PRICES, LIST_PRICES_EFFECTIVE_FROM, microUsdPerMillion } from '../platform/pricing/list-prices';

/**
 * Cost and budgets.
 *
 * - `model_prices`: versioned prices per provider kind and model, in integer
 *   micro-dollars per million tokens, seeded from platform/pricing/list-prices.ts.
 *   A change notifies gateways (payload `model_prices` on the key change
 *   channel of 20261127000000), which reload the table.
 * - `gateway_requests.cost_microusd`: each request's cost in US micro-dollars,
 *   NULL when its model had no price.
 * - The usage rollup gains `cost_microusd` and `unpriced_requests`, summed
 *   by the trigger and fold of 20261207000004 and, from 20261208090001, by
 *   the fold over the request rows.
 * - `budgets` (monthly, per account or per API key), `budget_periods` (what
 *   each month has spent and holds reserved) and `budget_alerts` (the outbox of
 *   soft-threshold crossings the worker e-mails, one per budget and month).
 *   `budget_reserve` and `budget_settle` are the gateway's two statements
 *   (docs/gateway.md, Cost and budgets).
 */
const CHANNEL = 'gateway_key_changes';
const NO_KEY = '00000000-0000-0000-0000-000000000000';
const UTC_EPOCH = '2000-01-01 00:00:00+00';
const OLD_SUMS = ['requests', 'blocked', 'errors', 'prompt_tokens', 'completion_tokens', ...LATENCY_BUCKET_COLUMNS];
const NEW_SUMS = [...OLD_SUMS, 'cost_microusd', 'unpriced_requests'];

function aggregates(withCost: boolean): string {
  return `count(*),
           count(*) filter (where verdict = 'BLOCK'),
           count(*) filter (where verdict = 'ALLOW' and status >= 400),
           coalesce(sum(prompt_tokens), 0),
           coalesce(sum(completion_tokens), 0),
           ${LATENCY_BUCKET_COLUMNS.map((_, i) => `count(*) filter (where ${latencyBucketCondition(i)})`).join(',\n           ')}${
             withCost
               ? `,
           coalesce(sum(cost_microusd), 0),
           count(*) filter (where cost_microusd is null)`
               : ''
           }`;
}

function rollupFunction(sums: readonly string[], withCost: boolean): string {
  return `
    create or replace function gateway_usage_rollup() returns trigger language plpgsql as $$
    begin
      insert into gateway_usage_deltas (account_id, hour, api_key_id, model, ${sums.join(', ')})
      select account_id, date_bin('1 hour', created_at, '${UTC_EPOCH}'), coalesce(api_key_id, '${NO_KEY}'), model,
             ${aggregates(withCost)}
        from inserted_requests
       group by 1, 2, 3, 4;
      return null;
    end $$`;
}

function foldInto(table: string, period: 'hour' | 'day', sums: readonly string[]): string {
  const columns = `account_id, ${period}, api_key_id, model, ${sums.join(', ')}`;
  const select =
    period === 'hour'
      ? `select ${columns} from grouped`
      : `select account_id, (hour at time zone 'UTC')::date, api_key_id, model, ${sums.map((c) => `sum(${c})`).join(', ')}
           from grouped
          group by 1, 2, 3, 4`;
  return `insert into ${table} as u (${columns})
      ${select}
       order by 1, 2, 3, 4
      on conflict (account_id, ${period}, api_key_id, model) do update set
        ${sums.map((c) => `${c} = u.${c} + excluded.${c}`).join(',\n        ')}`;
}

function foldFunction(sums: readonly string[]): string {
  return `
    create or replace function gateway_usage_fold(only_account uuid) returns bigint language sql as $$
      with moved as (
        delete from gateway_usage_deltas
         where only_account is null or account_id = only_account
        returning *
      ), grouped as (
        select account_id, hour, api_key_id, model, ${sums.map((c) => `sum(${c}) as ${c}`).join(', ')}
          from moved
         group by 1, 2, 3, 4
      ), hourly as (
        ${foldInto('gateway_usage_hourly', 'hour', sums)}
      ), daily as (
        ${foldInto('gateway_usage_daily', 'day', sums)}
      )
      select count(*) from moved
    $$`;
}

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table model_prices (
      id uuid primary key default gen_random_uuid(),
      provider_kind text not null check (provider_kind ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
      model text not null check (length(model) between 1 and 200),
      effective_from timestamptz not null,
      input_microusd_per_mtok bigint not null check (input_microusd_per_mtok >= 0),
      cached_input_microusd_per_mtok bigint not null check (cached_input_microusd_per_mtok >= 0),
      output_microusd_per_mtok bigint not null check (output_microusd_per_mtok >= 0),
      created_by uuid,
      created_at timestamptz not null default now(),
      unique (provider_kind, model, effective_from)
    )`);
  await knex('model_prices').insert(
    LIST_PRICES.map((p) => ({
      provider_kind: p.providerKind,
      model: p.model,
      effective_from: LIST_PRICES_EFFECTIVE_FROM,
      input_microusd_per_mtok: microUsdPerMillion(p.input),
      cached_input_microusd_per_mtok: microUsdPerMillion(p.cachedInput),
      output_microusd_per_mtok: microUsdPerMillion(p.output),
    })),
  );
  await knex.raw(`
    create function notify_gateway_price_change() returns trigger language plpgsql as $$
    begin
      perform pg_notify('${CHANNEL}', 'model_prices');
      return null;
    end $$`);
  await knex.raw(`
    create trigger model_prices_gateway_change
      after insert or update or delete on model_prices
      for each statement execute function notify_gateway_price_change()`);

  // NULL: the model had no price when the request ran.
  await knex.raw('alter table gateway_requests add column cost_microusd bigint');
  // The delta table exists until 20261208090001 replaces the trigger and deltas by a fold over the request rows,
  // whose aggregates (platform/usage/usage-aggregates.ts) then include these columns.
  const deltas = await knex.schema.hasTable('gateway_usage_deltas');
  const rollupTables = ['gateway_usage_hourly', 'gateway_usage_daily', ...(deltas ? ['gateway_usage_deltas'] : [])];
  for (const table of rollupTables) {
    await knex.raw(`alter table ${table} add column cost_microusd bigint not null default 0,
                    add column unpriced_requests bigint not null default 0`);
    // Rows logged before this migration had no price: the rollup counts them as unpriced.
    await knex.raw(`update ${table} set unpriced_requests = requests`);
  }
  if (deltas) {
    await knex.raw(rollupFunction(NEW_SUMS, true));
    await knex.raw(foldFunction(NEW_SUMS));
  }

  await knex.raw(`
    create table budgets (
      id uuid primary key default gen_random_uuid(),
      account_id uuid not null references accounts(id) on delete cascade,
      api_key_id uuid references api_keys(id) on delete cascade,
      monthly_limit_microusd bigint not null check (monthly_limit_microusd > 0),
      alert_percent integer not null default 80 check (alert_percent between 1 and 100),
      created_by uuid references users(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
  await knex.raw(`create unique index budgets_scope on budgets (account_id, coalesce(api_key_id, '${NO_KEY}'))`);
  await knex.raw(`
    create trigger budgets_gateway_key_change
      after insert or update or delete on budgets
      for each row execute function notify_gateway_key_change('account_id')`);
  await knex.raw(`
    create table budget_periods (
      budget_id uuid not null references budgets(id) on delete cascade,
      month date not null,
      spent_microusd bigint not null default 0,
      reserved_microusd bigint not null default 0,
      primary key (budget_id, month)
    )`);
  await knex.raw(`
    create table budget_alerts (
      budget_id uuid not null references budgets(id) on delete cascade,
      month date not null,
      account_id uuid not null,
      spent_microusd bigint not null,
      limit_microusd bigint not null,
      alert_percent integer not null,
      crossed_at timestamptz not null default now(),
      sent_at timestamptz,
      primary key (budget_id, month)
    )`);
  await knex.raw('create index budget_alerts_unsent on budget_alerts (crossed_at) where sent_at is null');

  // Reserves `amount` on every budget in `ids` for `period`, all or none. Answers NULL when all reserved, else the
  // budget that refused (its reservations on the others undone). Budgets are locked in ID order: no deadlock.
  await knex.raw(`
    create function budget_reserve(ids uuid[], period date, amount bigint) returns uuid language plpgsql as $$
    declare
      b record;
      done uuid[] := '{}';
    begin
      for b in select id, monthly_limit_microusd from budgets where id = any(ids) order by id loop
        insert into budget_periods as p (budget_id, month, spent_microusd, reserved_microusd)
        select b.id, period, 0, amount where amount <= b.monthly_limit_microusd
        on conflict (budget_id, month) do update set reserved_microusd = p.reserved_microusd + excluded.reserved_microusd
         where p.spent_microusd + p.reserved_microusd + excluded.reserved_microusd <= b.monthly_limit_microusd;
        if not found then
          update budget_periods set reserved_microusd = reserved_microusd - amount
           where budget_id = any(done) and month = period;
          return b.id;
        end if;
        done := done || b.id;
      end loop;
      return null;
    end $$`);
  // Settles a reservation: releases what was reserved, adds what was spent, and records a soft-threshold crossing
  // once per budget and month (the worker e-mails it).
  await knex.raw(`
    create function budget_settle(ids uuid[], period date, reserved bigint, cost bigint) returns void
    language sql as $$
      with settled as (
        update budget_periods p
           set reserved_microusd = greatest(0, p.reserved_microusd - reserved),
               spent_microusd = p.spent_microusd + cost
          from budgets b
         where p.budget_id = any(ids) and p.month = period and b.id = p.budget_id
        returning p.budget_id, p.spent_microusd, b.account_id, b.monthly_limit_microusd, b.alert_percent
      )
      insert into budget_alerts (budget_id, month, account_id, spent_microusd, limit_microusd, alert_percent)
      select budget_id, period, account_id, spent_microusd, monthly_limit_microusd, alert_percent
        from settled
       where spent_microusd * 100 >= monthly_limit_microusd * alert_percent
      on conflict (budget_id, month) do nothing
    $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function budget_settle(uuid[], date, bigint, bigint)');
  await knex.raw('drop function budget_reserve(uuid[], date, bigint)');
  await knex.raw('drop table budget_alerts');
  await knex.raw('drop table budget_periods');
  await knex.raw('drop trigger budgets_gateway_key_change on budgets');
  await knex.raw('drop table budgets');
  const deltas = await knex.schema.hasTable('gateway_usage_deltas');
  if (deltas) {
    await knex.raw('select gateway_usage_fold(null)');
    await knex.raw(rollupFunction(OLD_SUMS, false));
    await knex.raw(foldFunction(OLD_SUMS));
  }
  for (const table of ['gateway_usage_hourly', 'gateway_usage_daily', ...(deltas ? ['gateway_usage_deltas'] : [])])
    await knex.raw(`alter table ${table} drop column if exists cost_microusd, drop column if exists unpriced_requests`);
  await knex.raw('alter table gateway_requests drop column cost_microusd');
  await knex.raw('drop trigger model_prices_gateway_change on model_prices');
  await knex.raw('drop function notify_gateway_price_change()');
  await knex.raw('drop table model_prices');
}
