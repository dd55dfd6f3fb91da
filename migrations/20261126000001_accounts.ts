import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('accounts', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable();
    t.text('plan')
      .notNullable()
      .defaultTo('free')
      .checkIn(['free', 'starter', 'growth', 'enterprise'], 'accounts_plan_check');
    t.text('region').notNullable().defaultTo('eu').checkIn(['eu', 'us', 'apac'], 'accounts_region_check');
    t.text('status')
      .notNullable()
      .defaultTo('active')
      .checkIn(['active', 'disabled', 'deleted'], 'accounts_status_check');
    // Enterprise only; other plans take their retention from the plan.
    t.integer('retention_days').nullable();
    t.boolean('full_logging').notNullable().defaultTo(false);
    t.boolean('pii_restore').notNullable().defaultTo(false);
    // Per-account data key for full logs, wrapped by the master key. NULL after crypto-shredding.
    t.binary('data_key_wrapped').nullable();
    t.text('stripe_customer_id').nullable().unique();
    t.timestamp('deletion_requested_at', { useTz: true }).nullable();
    t.timestamp('deleted_at', { useTz: true }).nullable();
    t.timestamps(true, true);
  });

  await knex.schema.createTable('users', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    // NULL for operators (our own staff), who belong to no customer account.
    t.uuid('account_id').nullable().references('accounts.id').onDelete('CASCADE');
    t.text('email').notNullable();
    t.text('name').notNullable();
    t.text('password_hash').notNullable();
    t.text('role').notNullable().checkIn(['owner', 'admin', 'member', 'operator'], 'users_role_check');
    t.boolean('marketing_opt_out').notNullable().defaultTo(false);
    t.timestamps(true, true);
    t.index(['account_id']);
  });
  await knex.raw('create unique index users_email_unique on users (lower(email))');
  await knex.raw(
    `alter table users add constraint users_operator_has_no_account check ((role = 'operator') = (account_id is null))`,
  );

  await knex.schema.createTable('sessions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('token_hash').notNullable().unique();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['user_id']);
  });

  await knex.schema.createTable('api_keys', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('account_id').notNullable().references('accounts.id').onDelete('CASCADE');
    t.text('name').notNullable();
    // Public part shown in listings and used to find the key; the secret is only ever stored hashed.
    t.text('prefix').notNullable().unique();
    t.text('secret_hash').notNullable();
    t.uuid('created_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.timestamp('last_used_at', { useTz: true }).nullable();
    t.index(['account_id']);
  });

  await knex.schema.createTable('subscriptions', (t) => {
    t.uuid('account_id').primary().references('accounts.id').onDelete('CASCADE');
    t.text('stripe_customer_id').notNullable();
    t.text('stripe_subscription_id').nullable().unique();
    t.text('plan').notNullable().checkIn(['free', 'starter', 'growth', 'enterprise'], 'subscriptions_plan_check');
    t.text('status').notNullable();
    t.timestamp('current_period_end', { useTz: true }).nullable();
    // Stripe event `created` of the last applied event: older events arriving late are ignored.
    t.bigInteger('last_event_created').notNullable().defaultTo(0);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('stripe_events', (t) => {
    t.text('id').primary();
    t.text('type').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('stripe_events');
  await knex.schema.dropTable('subscriptions');
  await knex.schema.dropTable('api_keys');
  await knex.schema.dropTable('sessions');
  await knex.schema.dropTable('users');
  await knex.schema.dropTable('accounts');
}
