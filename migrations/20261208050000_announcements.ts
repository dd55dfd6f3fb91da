import type { Knex } from 'knex';

/**
 * Announcements (policy §2: "product updates and security notices (opt-out
 * available)"). An operator publishes one; the announcement workflow mails it
 * to every user who has not opted out of its kind and has no restriction or
 * objection in force. A delivery row is written in the transaction that wraps
 * each send, so a retried batch never mails anyone twice; it is also the
 * evidence of who was mailed and when.
 *
 * The product-updates preference stays `users.marketing_opt_out` (an objection
 * to processing sets it, exports show it); security notices get their own.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.boolean('security_notices_opt_out').notNullable().defaultTo(false);
  });

  await knex.schema.createTable('announcements', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('kind').notNullable().checkIn(['product_update', 'security_notice'], 'announcements_kind_check');
    t.text('subject').notNullable();
    t.text('body').notNullable();
    t.text('status').notNullable().defaultTo('sending').checkIn(['sending', 'sent'], 'announcements_status_check');
    t.integer('recipients').nullable();
    t.uuid('published_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('completed_at', { useTz: true }).nullable();
  });

  await knex.schema.createTable('announcement_deliveries', (t) => {
    t.uuid('announcement_id').notNullable().references('announcements.id').onDelete('CASCADE');
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('message_id').nullable();
    t.primary(['announcement_id', 'user_id']);
    t.index(['user_id'], 'announcement_deliveries_user');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('announcement_deliveries');
  await knex.schema.dropTable('announcements');
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('security_notices_opt_out');
  });
}
