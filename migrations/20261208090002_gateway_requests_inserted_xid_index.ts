import type { Knex } from 'knex';
import { createPartitionedIndex } from '../platform/database/partitioned-indexes';

/**
 * The usage fold and reads find the request rows not folded yet by the ID of
 * the transaction that inserted them (20261208090001_gateway_usage_fold_by_transaction.ts).
 * IDs only grow, so each insert lands on the index's rightmost page.
 */
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  await createPartitionedIndex(knex, 'gateway_requests', 'gateway_requests_inserted_xid', '(inserted_xid)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists gateway_requests_inserted_xid');
}
