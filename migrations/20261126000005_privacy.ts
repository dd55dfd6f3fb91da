import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('data_subject_requests', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    // The account the request concerns when known (member submissions); NULL for public ones until matched.
    t.uuid('account_id').nullable().references('accounts.id').onDelete('SET NULL');
    t.text('type')
      .notNullable()
      .checkIn(['access', 'rectification', 'erasure', 'export', 'restriction', 'objection'], 'dsr_type_check');
    t.text('jurisdiction').notNullable().checkIn(['gdpr', 'ccpa'], 'dsr_jurisdiction_check');
    t.text('status').notNullable().defaultTo('received');
    t.text('channel').notNullable().checkIn(['member', 'public'], 'dsr_channel_check');
    // Needed to reach the subject; anonymised when the request is closed and its retention ends.
    t.text('subject_email').nullable();
    t.jsonb('details').notNullable().defaultTo('{}');
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // 30 calendar days from receipt, as our privacy policy promises.
    t.timestamp('promised_due_at', { useTz: true }).notNullable();
    t.timestamp('legal_due_at', { useTz: true }).notNullable();
    t.timestamp('extended_due_at', { useTz: true }).nullable();
    t.text('verification_token_hash').nullable().unique();
    t.timestamp('verification_expires_at', { useTz: true }).nullable();
    t.timestamp('verified_at', { useTz: true }).nullable();
    t.timestamp('acknowledged_at', { useTz: true }).nullable();
    t.timestamp('closed_at', { useTz: true }).nullable();
    t.text('workflow_id').nullable();
    t.index(['account_id']);
    t.index(['status', 'legal_due_at']);
  });

  await knex.schema.createTable('export_schedules', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('account_id').notNullable().references('accounts.id').onDelete('CASCADE');
    t.text('cron').notNullable();
    t.specificType('categories', 'text[]').notNullable();
    t.boolean('paused').notNullable().defaultTo(false);
    t.uuid('created_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['account_id']);
  });

  await knex.schema.createTable('exports', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('account_id').nullable().references('accounts.id').onDelete('CASCADE');
    t.text('kind').notNullable().checkIn(['owner', 'scheduled', 'dsr'], 'exports_kind_check');
    t.uuid('schedule_id').nullable().references('export_schedules.id').onDelete('SET NULL');
    t.uuid('request_id').nullable().references('data_subject_requests.id').onDelete('SET NULL');
    t.text('status')
      .notNullable()
      .defaultTo('pending')
      .checkIn(['pending', 'running', 'completed', 'failed'], 'exports_status_check');
    t.text('region').notNullable();
    t.text('s3_key').nullable();
    t.bigInteger('size_bytes').nullable();
    t.jsonb('row_counts').notNullable().defaultTo('{}');
    t.timestamp('range_from', { useTz: true }).nullable();
    t.timestamp('range_to', { useTz: true }).nullable();
    t.uuid('requested_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('completed_at', { useTz: true }).nullable();
    t.timestamp('expires_at', { useTz: true }).nullable();
    t.index(['account_id', 'created_at']);
  });

  await knex.schema.createTable('privacy_policy_versions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('version').notNullable().unique();
    t.text('summary').notNullable();
    t.text('body').notNullable();
    t.text('status')
      .notNullable()
      .defaultTo('draft')
      .checkIn(
        ['draft', 'notifying', 'scheduled', 'current', 'superseded', 'cancelled'],
        'privacy_policy_status_check',
      );
    t.timestamp('notices_started_at', { useTz: true }).nullable();
    t.timestamp('effective_at', { useTz: true }).notNullable();
    t.timestamp('took_effect_at', { useTz: true }).nullable();
    t.uuid('published_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('privacy_policy_notices', (t) => {
    t.uuid('version_id').notNullable().references('privacy_policy_versions.id').onDelete('CASCADE');
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('message_id').nullable();
    t.primary(['version_id', 'user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('privacy_policy_notices');
  await knex.schema.dropTable('privacy_policy_versions');
  await knex.schema.dropTable('exports');
  await knex.schema.dropTable('export_schedules');
  await knex.schema.dropTable('data_subject_requests');
}
