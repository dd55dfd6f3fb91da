import type { Knex } from 'knex';

/**
 * An account's own provider credentials. The key is sealed (AES-256-GCM) under
 * the account's data key, bound to the account and the connection by its
 * associated data; only its last four characters are kept in clear, to be
 * shown. Gateways cache the opened key per connection, so every change
 * notifies them on the channel of the key cache (migration 20261127000000).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('provider_connections', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('account_id').notNullable().references('accounts.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.text('kind')
      .notNullable()
      .checkIn(['openai', 'anthropic', 'azure-openai', 'openai-compatible'], 'provider_connections_kind_check');
    t.text('base_url').notNullable();
    t.text('region').nullable().checkIn(['eu', 'us', 'apac'], 'provider_connections_region_check');
    t.specificType('models', 'text[]').notNullable();
    /** nonce ‖ tag ‖ ciphertext; NULL for a server that takes no key (a local vLLM or Ollama). */
    t.binary('api_key_sealed').nullable();
    t.text('api_key_last4').nullable();
    t.uuid('created_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('key_rotated_at', { useTz: true }).nullable();
    t.unique(['account_id', 'name'], { indexName: 'provider_connections_account_name' });
  });
  await knex.raw(`
    create trigger provider_connections_gateway_key_change
      after insert or update or delete on provider_connections
      for each row execute function notify_gateway_key_change('account_id')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger if exists provider_connections_gateway_key_change on provider_connections');
  await knex.schema.dropTable('provider_connections');
}
