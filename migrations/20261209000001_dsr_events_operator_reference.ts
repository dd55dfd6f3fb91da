import type { Knex } from 'knex';

/**
 * Operators are users of the primary region's database, while a request about an account's user lives
 * in the account's region: an event there names its operator by ID, without a foreign key into a
 * table that does not hold them (the audit trail of the decision names the operator too).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dsr_events', (t) => {
    t.dropForeign(['operator_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(
    'update dsr_events e set operator_id = null where not exists (select from users u where u.id = e.operator_id)',
  );
  await knex.schema.alterTable('dsr_events', (t) => {
    t.foreign('operator_id').references('users.id').onDelete('SET NULL');
  });
}
