import type { Knex } from 'knex';

/**
 * The Management API's rate-limit counters, shared by every API instance
 * (rate-limiter-flexible's Postgres store: one row per key and window, the
 * columns in the order it inserts them). Rows past `expire` (epoch ms) are
 * dead and swept by the store; nothing else reads them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table api_rate_limit_counters (
      key text primary key,
      points integer not null default 0,
      expire bigint
    )`);
  await knex.raw('create index api_rate_limit_counters_expire on api_rate_limit_counters (expire)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table api_rate_limit_counters');
}
