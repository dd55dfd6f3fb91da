import type { Knex } from 'knex';
import { createPartitionedIndex } from '../platform/database/partitioned-indexes';

/**
 * Indexes for the request log (GET /v1/logs/requests and one request by ID),
 * newest first within one account. The existing (account_id, created_at) index serves the
 * unfiltered page and the filters on common values (verdict ALLOW, status
 * 200); these serve the selective ones:
 *
 * - by key, by model: (account_id, api_key_id | model, created_at);
 * - "notable" rows, a partial index on what a person looks for and is rare:
 *   blocked, failed (status ≥ 400) or matched by a rule (the rule-ID filter
 *   has an index of its own since 20261208090000_gateway_request_rule_index).
 *
 * Partition-aware and without blocking the gateway's writes: each partition's
 * index is built CONCURRENTLY, then attached to an index created ON ONLY the
 * parent, which becomes valid once every partition has one. Partitions created
 * later get the index from the parent. CONCURRENTLY cannot run in a
 * transaction, hence `config.transaction = false`; every step is idempotent so
 * a failed run can simply run again.
 */
export const config = { transaction: false };

const TABLE = 'gateway_requests';
const INDEXES = [
  // One request by its ID (random UUIDs): without the partition key, one probe per partition.
  { name: 'gateway_requests_id', definition: '(id)' },
  { name: 'gateway_requests_account_key_time', definition: '(account_id, api_key_id, created_at)' },
  { name: 'gateway_requests_account_model_time', definition: '(account_id, model, created_at)' },
  {
    name: 'gateway_requests_account_notable_time',
    definition: `(account_id, created_at) where verdict = 'BLOCK' or status >= 400 or matched_rule_ids <> '{}'`,
  },
] as const;

export async function up(knex: Knex): Promise<void> {
  for (const index of INDEXES) await createPartitionedIndex(knex, TABLE, index.name, index.definition);
}

export async function down(knex: Knex): Promise<void> {
  for (const index of INDEXES) await knex.raw(`drop index if exists ${index.name}`);
}
