import type { Knex } from 'knex';

/**
 * What data-subject requests need beyond their own row: operator events
 * (notes, extensions, exceptions, decisions), processing restrictions and
 * processor notices (GDPR Art. 19). E-mails are recorded in sent_notifications.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('data_subject_requests', (t) => {
    t.uuid('subject_user_id').nullable().references('users.id').onDelete('SET NULL');
    t.text('closing_reason').nullable();
    t.jsonb('outcome').notNullable().defaultTo('{}');
  });

  await knex.schema.createTable('dsr_events', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('request_id').notNullable().references('data_subject_requests.id').onDelete('CASCADE');
    t.text('kind').notNullable().checkIn(['note', 'extension', 'decision'], 'dsr_events_kind_check');
    t.uuid('operator_id').nullable().references('users.id').onDelete('SET NULL');
    // Operator text (reasons, notes, legal bases): may name people, so it lives here and never in Temporal.
    t.jsonb('body').notNullable().defaultTo('{}');
    t.text('status')
      .notNullable()
      .defaultTo('recorded')
      .checkIn(['recorded', 'applied', 'refused'], 'dsr_events_status_check');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['request_id', 'created_at']);
  });

  await knex.schema.createTable('processing_restrictions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('request_id').notNullable().references('data_subject_requests.id').onDelete('CASCADE');
    t.uuid('account_id').nullable().references('accounts.id').onDelete('CASCADE');
    t.uuid('user_id').nullable().references('users.id').onDelete('CASCADE');
    t.text('kind').notNullable().checkIn(['restriction', 'objection'], 'processing_restrictions_kind_check');
    t.specificType('scope', 'text[]').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('lifted_at', { useTz: true }).nullable();
    t.unique(['request_id']);
  });

  await knex.schema.createTable('dsr_processor_notices', (t) => {
    t.uuid('request_id').notNullable().references('data_subject_requests.id').onDelete('CASCADE');
    t.text('processor').notNullable();
    t.text('action').notNullable();
    t.timestamp('notified_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['request_id', 'processor']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('dsr_processor_notices');
  await knex.schema.dropTable('processing_restrictions');
  await knex.schema.dropTable('dsr_events');
  await knex.schema.alterTable('data_subject_requests', (t) => {
    t.dropColumn('outcome');
    t.dropColumn('closing_reason');
    t.dropColumn('subject_user_id');
  });
}
