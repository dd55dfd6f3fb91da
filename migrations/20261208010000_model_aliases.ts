import type { Knex } from 'knex';

/**
 * Routing: an account's model aliases, each a requested model name mapped to
 * an ordered list of targets (one of the account's provider connections and
 * the model to ask it for), with a priority and a weight per target.
 *
 * A target can only name a connection of its own account: the foreign key
 * goes to (id, account_id) of provider_connections. Deleting a connection
 * deletes the targets that name it. Gateways cache an account's aliases with
 * its connections, so every change notifies them on the key change channel
 * (migration 20261127000000).
 *
 * The request log gets what routing did for each request: the alias, every
 * attempt (target, upstream model, status or failure), their count and which
 * attempt answered. NULL for requests that were not routed; adding nullable
 * columns without a default rewrites no partition.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    'alter table provider_connections add constraint provider_connections_id_account unique (id, account_id)',
  );
  await knex.schema.createTable('model_aliases', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('account_id').notNullable().references('accounts.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.text('description').nullable();
    /** Retries of one target before the next is tried. */
    t.smallint('retries').notNullable().defaultTo(2);
    t.uuid('created_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['account_id', 'name'], { indexName: 'model_aliases_account_name' });
  });
  await knex.raw(
    'alter table model_aliases add constraint model_aliases_retries_check check (retries between 0 and 5)',
  );
  await knex.schema.createTable('model_alias_targets', (t) => {
    t.uuid('alias_id').notNullable().references('model_aliases.id').onDelete('CASCADE');
    t.uuid('account_id').notNullable();
    t.smallint('position').notNullable();
    t.uuid('connection_id').notNullable();
    t.text('model').notNullable();
    t.smallint('priority').notNullable().defaultTo(0);
    t.smallint('weight').notNullable().defaultTo(1);
    t.primary(['alias_id', 'position']);
    t.foreign(['connection_id', 'account_id'], 'model_alias_targets_connection')
      .references(['id', 'account_id'])
      .inTable('provider_connections')
      .onDelete('CASCADE');
    t.index(['account_id'], 'model_alias_targets_account');
    t.index(['connection_id'], 'model_alias_targets_connection_id');
  });
  await knex.raw(`alter table model_alias_targets
    add constraint model_alias_targets_priority_check check (priority between 0 and 100),
    add constraint model_alias_targets_weight_check check (weight between 1 and 1000)`);
  for (const table of ['model_aliases', 'model_alias_targets'])
    await knex.raw(`
      create trigger ${table}_gateway_key_change
        after insert or update or delete on ${table}
        for each row execute function notify_gateway_key_change('account_id')`);

  await knex.raw(`alter table gateway_requests
    add column route_alias text,
    add column route_attempts jsonb,
    add column attempts smallint,
    add column answered_attempt smallint`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`alter table gateway_requests
    drop column if exists route_alias,
    drop column if exists route_attempts,
    drop column if exists attempts,
    drop column if exists answered_attempt`);
  await knex.schema.dropTableIfExists('model_alias_targets');
  await knex.schema.dropTableIfExists('model_aliases');
  await knex.raw('alter table provider_connections drop constraint if exists provider_connections_id_account');
}
