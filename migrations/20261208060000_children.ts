import type { Knex } from 'knex';

/**
 * Our service is not directed to children under 16 (privacy policy). Sign-up
 * records when the person confirmed being 16 or older (`users.age_confirmed_at`;
 * NULL for users who signed up before it was asked, or were added by an
 * account's owner or an operator). Anyone may report that an account's user is
 * a child (`child_reports`): the reporter confirms their address by an e-mailed
 * link, an operator confirms or rejects, and a confirmation starts an erasure
 * request of channel `child-report` on the reported user.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.timestamp('age_confirmed_at', { useTz: true }).nullable();
  });

  await knex.raw('alter table data_subject_requests drop constraint dsr_channel_check');
  await knex.raw(
    `alter table data_subject_requests add constraint dsr_channel_check check (channel in ('member', 'public', 'child-report'))`,
  );

  await knex.schema.createTable('child_reports', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('status')
      .notNullable()
      .defaultTo('awaiting-verification')
      .checkIn(['awaiting-verification', 'open', 'confirmed', 'rejected'], 'child_reports_status_check');
    // Personal data, cleared once the report is decided and the reporter told.
    t.text('reporter_email').nullable();
    t.text('subject_email').nullable();
    t.text('details').nullable();
    t.text('verification_token_hash').nullable().unique();
    t.timestamp('verification_expires_at', { useTz: true }).nullable();
    t.timestamp('verified_at', { useTz: true }).nullable();
    t.uuid('decided_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('decided_at', { useTz: true }).nullable();
    t.uuid('request_id').nullable().references('data_subject_requests.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['status', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('child_reports');
  await knex.raw(`update data_subject_requests set channel = 'public' where channel = 'child-report'`);
  await knex.raw('alter table data_subject_requests drop constraint dsr_channel_check');
  await knex.raw(
    `alter table data_subject_requests add constraint dsr_channel_check check (channel in ('member', 'public'))`,
  );
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('age_confirmed_at');
  });
}
