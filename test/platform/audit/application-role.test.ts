import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { recordAudit, verifyAuditChain } from '../../../platform/audit/audit-trail';
import { APPLICATION_ROLE } from '../../../platform/database/database-roles';
import { dropExpiredLogPartitions, logPartitions } from '../../../platform/retention/log-partitions';
import { createTestDatabase, type TestDatabase } from '../../support/database';

let testDb: TestDatabase;

before(async () => {
  testDb = await createTestDatabase();
  await recordAudit(testDb.appDb, { actorType: 'system', action: 'test.first' });
  await recordAudit(testDb.appDb, { actorType: 'system', action: 'test.second' });
  await testDb.db.raw(
    `insert into audit_archives (region, day, entry_count, segment_key, segment_sha256, manifest_key, manifest_sha256,
       previous_manifest_sha256, chain_last_hash) values ('eu', '2026-01-01', 0, 's', 'x', 'm', 'y', 'z', 'h')`,
  );
});

after(async () => {
  await testDb?.drop();
});

/** CREATE OR REPLACE needs both CREATE on the schema and ownership of the function: either refusal does. */
const NOT_OWNER = /must be owner|permission denied for schema public/;
const HASH_ARGS = 'text, bigint, timestamptz, uuid, text, text, text, text, text, jsonb';

/** Every way we know to change or remove an entry, each refused to the application role. */
const BYPASSES: Array<[string, string, RegExp]> = [
  ['UPDATE of an entry', `update audit_log set action = 'forged'`, /permission denied/],
  ['DELETE of an entry', 'delete from audit_log', /permission denied/],
  ['TRUNCATE of the trail', 'truncate audit_log', /permission denied/],
  ['ALTER TABLE … DISABLE TRIGGER', 'alter table audit_log disable trigger audit_log_immutable', /must be owner/],
  ['ALTER TABLE … DISABLE TRIGGER ALL', 'alter table audit_log disable trigger all', /must be owner/],
  ['DROP TRIGGER', 'drop trigger audit_log_immutable on audit_log', /must be owner/],
  ['DROP TRIGGER of the chain', 'drop trigger audit_log_chain on audit_log', /must be owner/],
  ['SET session_replication_role = replica', 'set session_replication_role = replica', /permission denied/],
  [
    'CREATE OR REPLACE of the chain trigger function',
    `create or replace function audit_log_chain() returns trigger language plpgsql as $$ begin return new; end $$`,
    NOT_OWNER,
  ],
  [
    'CREATE OR REPLACE of the refusal function',
    `create or replace function audit_log_refuse_change() returns trigger language plpgsql as $$ begin return new; end $$`,
    NOT_OWNER,
  ],
  [
    'CREATE OR REPLACE of the hash function',
    `create or replace function audit_entry_hash(${HASH_ARGS}) returns text language sql as $$ select 'x' $$`,
    NOT_OWNER,
  ],
  [
    'CREATE OR REPLACE of the verification',
    `create or replace function audit_verify_chain(from_id bigint default 0)
       returns table (broken_id bigint, reason text, checked bigint) language sql as $$ select null::bigint, null, 0::bigint $$`,
    NOT_OWNER,
  ],
  ['ALTER FUNCTION of the chain', 'alter function audit_log_chain() security invoker', /must be owner/],
  ['DROP TABLE of the trail', 'drop table audit_log', /must be owner/],
  ['ALTER TABLE … RENAME', 'alter table audit_log rename to audit_log_old', /must be owner/],
  ['ALTER TABLE … ADD COLUMN', 'alter table audit_log add column forged text', /must be owner/],
  ['setval of the entry sequence', `select setval('audit_log_id_seq', 1)`, /permission denied/],
  ['a new table in the schema', 'create table public.audit_log_shadow (id bigint)', /permission denied/],
  ['UPDATE of an archive record', `update audit_archives set manifest_sha256 = 'forged'`, /permission denied/],
  ['DELETE of an archive record', 'delete from audit_archives', /permission denied/],
  ['TRUNCATE of the archive records', 'truncate audit_archives', /permission denied/],
  [
    'ALTER TABLE audit_archives … DISABLE TRIGGER',
    'alter table audit_archives disable trigger audit_archives_immutable',
    /must be owner/,
  ],
  ['DROP TRIGGER on audit_archives', 'drop trigger audit_archives_immutable on audit_archives', /must be owner/],
  [
    'the partition functions on an audit table',
    `select detach_gateway_log_partition('audit_log')`,
    /not a daily gateway log partition/,
  ],
  [
    'dropping an audit table through the partition functions',
    `select drop_detached_gateway_log_partition('audit_archives')`,
    /not a daily gateway log partition/,
  ],
];

for (const [name, sql, refusal] of BYPASSES) {
  test(`as the application role, ${name} is refused and the trail is unchanged`, async () => {
    const before = await testDb.db.raw<{ rows: Array<{ digest: string }> }>(
      `select (select string_agg(hash, ',' order by id) from audit_log) ||
              (select string_agg(manifest_sha256, ',' order by id) from audit_archives) as digest`,
    );
    await assert.rejects(
      testDb.appDb.transaction((trx) => trx.raw(sql)),
      refusal,
    );
    const afterwards = await testDb.db.raw<{ rows: Array<{ digest: string }> }>(
      `select (select string_agg(hash, ',' order by id) from audit_log) ||
              (select string_agg(manifest_sha256, ',' order by id) from audit_archives) as digest`,
    );
    assert.deepEqual(afterwards.rows, before.rows);
    assert.equal((await verifyAuditChain(testDb.appDb)).valid, true);
  });
}

test('the application role holds no privilege on an audit table beyond SELECT and INSERT', async () => {
  const { rows } = await testDb.db.raw<{ rows: Array<{ table_name: string; privilege_type: string }> }>(
    `select table_name, privilege_type from information_schema.role_table_grants
      where grantee = ? and table_name like 'audit%' order by 1, 2`,
    [APPLICATION_ROLE],
  );
  assert.deepEqual(rows, [
    { table_name: 'audit_archives', privilege_type: 'INSERT' },
    { table_name: 'audit_archives', privilege_type: 'SELECT' },
    { table_name: 'audit_log', privilege_type: 'INSERT' },
    { table_name: 'audit_log', privilege_type: 'SELECT' },
  ]);
});

test('the owner is refused changes to archive records too: audit_archives is append-only', async () => {
  await assert.rejects(testDb.db('audit_archives').update({ manifest_sha256: 'forged' }), /append-only/);
  await assert.rejects(testDb.db('audit_archives').delete(), /append-only/);
  await assert.rejects(testDb.db.raw('truncate audit_archives'), /append-only/);
});

test('a temporary table named audit_log cannot forge the link of the next entry', async () => {
  const last = await testDb.db('audit_log').orderBy('id', 'desc').first();
  assert.ok(last);
  const prevHash = await testDb.appDb.transaction(async (trx) => {
    await trx.raw(`create temporary table audit_log (id bigint, hash text) on commit drop`);
    await trx.raw(`insert into audit_log values (999999, repeat('f', 64))`);
    const { rows } = await trx.raw<{ rows: Array<{ prev_hash: string }> }>(
      `insert into public.audit_log (actor_type, action) values ('system', 'test.after_shadow') returning prev_hash`,
    );
    return rows[0]?.prev_hash;
  });
  assert.equal(prevHash, last.hash);
  assert.equal((await verifyAuditChain(testDb.appDb)).valid, true);
});

test('an insert cannot choose its own id, time or hash: the chain sets them', async () => {
  const { rows } = await testDb.appDb.raw<{ rows: Array<{ id: number; hash: string; prev_hash: string }> }>(
    `insert into audit_log (id, created_at, actor_type, action, prev_hash, hash)
     values (1, '2000-01-01', 'system', 'test.forged', repeat('0', 64), repeat('a', 64)) returning id, hash, prev_hash`,
  );
  assert.notEqual(rows[0]?.id, 1);
  assert.notEqual(rows[0]?.hash, 'a'.repeat(64));
  assert.equal((await verifyAuditChain(testDb.appDb)).valid, true);
});

test('the application role creates, detaches and drops daily gateway log partitions through the owner’s functions', async () => {
  const day = new Date(Date.UTC(2020, 0, 1));
  await testDb.appDb.raw('select ensure_gateway_log_partitions(?::date, 1)', ['2020-01-01']);
  const created = (await logPartitions(testDb.appDb)).filter((p) => p.start?.getTime() === day.getTime());
  assert.deepEqual(created.map((p) => p.name).sort(), ['gateway_full_logs_p20200101', 'gateway_requests_p20200101']);
  const { dropped } = await dropExpiredLogPartitions(testDb.appDb, new Date(Date.UTC(2020, 0, 3)));
  assert.ok(dropped.includes('gateway_requests_p20200101'), `dropped ${dropped.join(', ')}`);
  const left = await testDb.db.raw<{ rows: unknown[] }>(
    `select 1 from pg_class where relname = 'gateway_requests_p20200101'`,
  );
  assert.equal(left.rows.length, 0);
});
