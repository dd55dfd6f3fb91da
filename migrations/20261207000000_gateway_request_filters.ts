import type { Knex } from 'knex';

/**
 * Indexes for the request log (GET /v1/logs/requests and one request by ID),
 * newest first within one account. The existing (account_id, created_at) index serves the
 * unfiltered page and the filters on common values (verdict ALLOW, status
 * 200); these serve the selective ones:
 *
 * - by key, by model: (account_id, api_key_id | model, created_at);
 * - "notable" rows, a partial index on what a person looks for and is rare:
 *   blocked, failed (status ≥ 400) or matched by a rule. The query repeats the
 *   index predicate when filtering by rule ID, which the planner cannot infer
 *   from `= any(matched_rule_ids)`.
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

async function partitionsOf(knex: Knex, parent: string): Promise<string[]> {
  const { rows } = await knex.raw<{ rows: Array<{ name: string }> }>(
    `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = ?::regclass order by c.relname`,
    [parent],
  );
  return rows.map((r) => r.name);
}

export async function up(knex: Knex): Promise<void> {
  for (const index of INDEXES) {
    await knex.raw(`create index if not exists ${index.name} on only ${TABLE} ${index.definition}`);
    for (const partition of await partitionsOf(knex, TABLE)) {
      const partitionIndex = `${partition}_${index.name.slice(TABLE.length + 1)}`;
      // A half-built index from an interrupted run is invalid: drop it and build again.
      await knex.raw(
        `do $$ begin
           if exists (select from pg_index where indexrelid = to_regclass('${partitionIndex}') and not indisvalid) then
             execute 'drop index ${partitionIndex}';
           end if;
         end $$`,
      );
      await knex.raw(`create index concurrently if not exists ${partitionIndex} on ${partition} ${index.definition}`);
      await knex.raw(
        `do $$ begin
           if not exists (select from pg_inherits where inhrelid = '${partitionIndex}'::regclass) then
             alter index ${index.name} attach partition ${partitionIndex};
           end if;
         end $$`,
      );
    }
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const index of INDEXES) await knex.raw(`drop index if exists ${index.name}`);
}
