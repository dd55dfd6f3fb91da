import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createDatabase, type Database } from '../../../platform/database/database';
import { listMigrations, migrateToLatest, rollbackAll } from '../../../platform/database/migrations';
import { createTestDatabase, type TestDatabase } from '../../support/database';

let testDb: TestDatabase;
let db: Database;

async function schemaSnapshot(database: Database): Promise<string[]> {
  const { rows } = await database.raw<{ rows: Array<{ item: string }> }>(`
    select 'table ' || table_name || '.' || column_name || ' ' || data_type as item
      from information_schema.columns where table_schema = 'public'
    union all select 'function ' || proname from pg_proc where pronamespace = 'public'::regnamespace
    union all select 'trigger ' || tgname from pg_trigger where not tgisinternal
    union all select 'index ' || indexname from pg_indexes where schemaname = 'public'
    order by 1`);
  return rows.map((r) => r.item);
}

before(async () => {
  testDb = await createTestDatabase();
  // Start from an empty schema: roll back what the template applied.
  await rollbackAll(testDb.db);
  db = createDatabase({ url: testDb.adminUrl, poolMax: 2 });
});

after(async () => {
  await db?.destroy();
  await testDb?.drop();
});

test('every migration goes up and down cleanly, and up again to the same schema', async () => {
  assert.deepEqual(
    (await schemaSnapshot(db)).filter((i) => !i.includes('knex_migrations')),
    [],
  );

  const applied = await migrateToLatest(db);
  assert.ok(applied.length >= 5, `applied ${applied.length} migrations`);
  const afterFirstUp = await schemaSnapshot(db);
  for (const table of [
    'accounts',
    'api_keys',
    'policy_versions',
    'gateway_requests',
    'gateway_full_logs',
    'audit_log',
    'data_subject_requests',
    'export_schedules',
    'privacy_policy_notices',
    'subscriptions',
  ]) {
    assert.ok(
      afterFirstUp.some((i) => i.startsWith(`table ${table}.`)),
      `table ${table} exists`,
    );
  }

  const rolledBack = await rollbackAll(db);
  assert.equal(rolledBack.length, applied.length);
  assert.deepEqual(
    (await schemaSnapshot(db)).filter((i) => !i.includes('knex_migrations')),
    [],
  );

  await migrateToLatest(db);
  assert.deepEqual(await schemaSnapshot(db), afterFirstUp);
  assert.deepEqual((await listMigrations(db)).pending, []);
});

test('gateway logs are partitioned by day, with partitions created ahead', async () => {
  const { rows } = await db.raw<{ rows: Array<{ name: string }> }>(
    `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'gateway_requests'::regclass order by 1`,
  );
  const today = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  assert.ok(
    rows.some((r) => r.name === `gateway_requests_p${today}`),
    'today has its own partition',
  );
  assert.ok(
    rows.some((r) => r.name === 'gateway_requests_default'),
    'a default partition catches the rest',
  );
});
