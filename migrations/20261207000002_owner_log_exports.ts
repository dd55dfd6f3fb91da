import type { Knex } from 'knex';

/**
 * An owner's export of the account's logs, started from the dashboard: which
 * categories and formats it holds (the worker reads them from the row; the
 * workflow input carries only the export ID) and its progress, so the page
 * can show rows written out of rows to write.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table exports
      add column categories text[],
      add column formats text[] not null default '{json,csv}',
      add column rows_written bigint not null default 0,
      add column rows_total bigint`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(
    'alter table exports drop column categories, drop column formats, drop column rows_written, drop column rows_total',
  );
}
