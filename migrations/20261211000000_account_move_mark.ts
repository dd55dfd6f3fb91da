import type { Knex } from 'knex';

/**
 * Where a move's freeze found the source's transactions: `move_xmin` is the oldest transaction still running
 * when the account froze (`pg_snapshot_xmin`). Every request row inserted by a transaction below it had
 * committed before the freeze, so the copy saw it; a row at or above it may have landed after the copy (a
 * request in flight at the freeze finishes and is logged). The purge carries those rows to the target before
 * it deletes the account's rows in the source. Set by the freeze, cleared by the switch and by an abandoned move.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table accounts add column move_xmin xid8');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table accounts drop column move_xmin');
}
