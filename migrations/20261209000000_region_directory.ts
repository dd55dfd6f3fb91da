import type { Knex } from 'knex';

/**
 * The global directory: which region an account, an API key prefix or a user's e-mail address belongs
 * to, so the gateway, the API and sign-in find the database that holds them. Every regional database
 * gets these tables (one migration set for all), but only the directory's database
 * (DIRECTORY_DATABASE_URL, by default the primary region's) writes them.
 *
 * Nothing in clear identifies a person: accounts and keys are random identifiers, and an e-mail address
 * is held as an HMAC-SHA-256 under DIRECTORY_EMAIL_KEY (platform/regions/directory.ts). A key prefix
 * and a user point at their account; the region is held once, on the account, so a move switches one row.
 * No foreign keys: an entry may be written before its account's (see the order in directory.ts).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('directory_accounts', (t) => {
    t.uuid('account_id').primary();
    t.text('region').notNullable().checkIn(['eu', 'us', 'apac']);
  });
  await knex.schema.createTable('directory_api_keys', (t) => {
    t.text('prefix').primary();
    t.uuid('account_id').notNullable().index();
  });
  await knex.schema.createTable('directory_users', (t) => {
    t.binary('email_hmac').primary();
    t.uuid('account_id').notNullable().index();
    // Sign-up reclaims an entry whose user never appeared, but only once no sign-up can still be committing it.
    t.timestamp('registered_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  // Accounts and keys that exist already (in a database every region shared until now). Users' addresses
  // need the HMAC key, which migrations do not hold: sign-in finds users the directory does not list in
  // the primary region, where such users are.
  await knex.raw(`insert into directory_accounts (account_id, region) select id, region from accounts`);
  await knex.raw(
    `insert into directory_api_keys (prefix, account_id) select prefix, account_id from api_keys where revoked_at is null`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('directory_users');
  await knex.schema.dropTable('directory_api_keys');
  await knex.schema.dropTable('directory_accounts');
}
