import type { Knex } from 'knex';

/**
 * An Enterprise account may lock itself to its home region ("EU-only",
 * "US-only", "APAC-only", privacy policy section 5): the gateway then routes
 * its traffic only to provider connections tagged with that region.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => {
    t.boolean('region_locked').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => {
    t.dropColumn('region_locked');
  });
}
