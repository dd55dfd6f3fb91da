import type { Knex } from 'knex';

/**
 * Lifecycle workflows: a record of every e-mail sent once by idempotency key
 * (so a retried activity never mails twice), and the reason a key was revoked
 * (so cancelling an account deletion restores exactly the keys it revoked).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sent_notifications', (t) => {
    // Derived from the workflow (e.g. `account-deletion-<id>.<run>.reminder`): IDs only, never an address.
    t.text('idempotency_key').primary();
    t.text('kind').notNullable();
    // No foreign key: the record outlives a purged account, so a replayed step still finds it.
    t.uuid('account_id').nullable();
    t.text('message_id').nullable();
    t.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['account_id']);
  });
  await knex.schema.alterTable('api_keys', (t) => {
    t.text('revoked_reason').nullable();
  });
  await knex.raw('create index privacy_policy_notices_user on privacy_policy_notices (user_id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index privacy_policy_notices_user');
  await knex.schema.alterTable('api_keys', (t) => {
    t.dropColumn('revoked_reason');
  });
  await knex.schema.dropTable('sent_notifications');
}
