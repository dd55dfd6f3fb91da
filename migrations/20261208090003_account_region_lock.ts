import type { Knex } from 'knex';

/**
 * An Enterprise account may lock itself to its home region ("EU-only",
 * "US-only", "APAC-only", privacy policy section 5): the gateway then routes
 * its traffic only to provider connections tagged with that region. The
 * gateways cache the account with its keys and connections, so a change of
 * region or lock notifies them like the other columns they read.
 */
const WATCHED = `old.status is distinct from new.status or old.plan is distinct from new.plan
        or old.full_logging is distinct from new.full_logging or old.pii_restore is distinct from new.pii_restore
        or old.data_key_wrapped is distinct from new.data_key_wrapped or old.rate_limits is distinct from new.rate_limits`;

async function watch(knex: Knex, condition: string): Promise<void> {
  await knex.raw(`drop trigger accounts_gateway_key_change on accounts`);
  await knex.raw(`
    create trigger accounts_gateway_key_change
      after update on accounts for each row
      when (${condition})
      execute function notify_gateway_key_change('id')`);
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => {
    t.boolean('region_locked').notNullable().defaultTo(false);
  });
  await watch(
    knex,
    `${WATCHED}
        or old.region is distinct from new.region or old.region_locked is distinct from new.region_locked`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await watch(knex, WATCHED);
  await knex.schema.alterTable('accounts', (t) => {
    t.dropColumn('region_locked');
  });
}
