import type { Knex } from 'knex';

/**
 * Child reports are held in the primary region's database, while the erasure a confirmed report starts
 * is held in the reported user's home region: the report names its request by ID and region, without a
 * foreign key into a table that may not hold it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('child_reports', (t) => {
    t.dropForeign(['request_id']);
    t.text('request_region').nullable().checkIn(['eu', 'us', 'apac'], 'child_reports_request_region_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(
    'update child_reports c set request_id = null where not exists (select from data_subject_requests r where r.id = c.request_id)',
  );
  await knex.schema.alterTable('child_reports', (t) => {
    t.dropColumn('request_region');
    t.foreign('request_id').references('data_subject_requests.id').onDelete('SET NULL');
  });
}
