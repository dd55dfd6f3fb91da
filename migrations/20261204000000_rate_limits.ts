import type { Knex } from 'knex';

/**
 * Rate limits an account set for itself and for each of its keys
 * (`{ account?: {...}, perKey?: {...} }`, each field optional: the plan's
 * default where absent; see platform/billing/plans.ts). The gateways cache
 * them with the key, so a change notifies them like the other columns they read.
 */
const WATCHED = `old.status is distinct from new.status or old.plan is distinct from new.plan
        or old.full_logging is distinct from new.full_logging or old.pii_restore is distinct from new.pii_restore
        or old.data_key_wrapped is distinct from new.data_key_wrapped`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table accounts add column rate_limits jsonb`);
  await knex.raw(`drop trigger accounts_gateway_key_change on accounts`);
  await knex.raw(`
    create trigger accounts_gateway_key_change
      after update on accounts for each row
      when (${WATCHED} or old.rate_limits is distinct from new.rate_limits)
      execute function notify_gateway_key_change('id')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop trigger accounts_gateway_key_change on accounts`);
  await knex.raw(`
    create trigger accounts_gateway_key_change
      after update on accounts for each row
      when (${WATCHED})
      execute function notify_gateway_key_change('id')`);
  await knex.raw(`alter table accounts drop column rate_limits`);
}
