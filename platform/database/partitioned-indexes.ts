import type { Knex } from 'knex';

/** The partitions of `parent`, by name. */
export async function partitionsOf(knex: Knex, parent: string): Promise<string[]> {
  const { rows } = await knex.raw<{ rows: Array<{ name: string }> }>(
    `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = ?::regclass order by c.relname`,
    [parent],
  );
  return rows.map((r) => r.name);
}

/**
 * An index on a partitioned table built without blocking its writers: the
 * index is created ON ONLY the parent, each partition's index is built
 * CONCURRENTLY and attached, and the parent's index becomes valid once every
 * partition has one; partitions created later get it from the parent.
 * CONCURRENTLY cannot run in a transaction (the migration sets
 * `config.transaction = false`), so every step is idempotent and a failed run
 * can simply run again. `definition` is what follows `on <table>`, e.g.
 * `(account_id, created_at)` or `using gin (tags) where tags <> '{}'`.
 */
export async function createPartitionedIndex(
  knex: Knex,
  table: string,
  name: string,
  definition: string,
): Promise<void> {
  await knex.raw(`create index if not exists ${name} on only ${table} ${definition}`);
  for (const partition of await partitionsOf(knex, table)) {
    const partitionIndex = `${partition}_${name.startsWith(`${table}_`) ? name.slice(table.length + 1) : name}`;
    // A half-built index from an interrupted run is invalid: drop it and build again.
    await knex.raw(
      `do $$ begin
         if exists (select from pg_index where indexrelid = to_regclass('${partitionIndex}') and not indisvalid) then
           execute 'drop index ${partitionIndex}';
         end if;
       end $$`,
    );
    await knex.raw(`create index concurrently if not exists ${partitionIndex} on ${partition} ${definition}`);
    await knex.raw(
      `do $$ begin
         if not exists (select from pg_inherits where inhrelid = '${partitionIndex}'::regclass) then
           alter index ${name} attach partition ${partitionIndex};
         end if;
       end $$`,
    );
  }
}
