import type { Knex } from 'knex';

/**
 * A public data subject has no session to ask for a download link with, so
 * their export carries a token of its own (only its SHA-256 is stored) that
 * lets them ask for short-lived links until the archive expires. It goes
 * with the export's row.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('exports', (t) => {
    t.text('download_token_hash').nullable().unique();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('exports', (t) => {
    t.dropColumn('download_token_hash');
  });
}
