import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { recordAudit, verifyAuditChain } from '../../../platform/audit/audit-trail';
import { createTestDatabase, type TestDatabase } from '../../support/database';

let testDb: TestDatabase;

before(async () => {
  testDb = await createTestDatabase();
});

after(async () => {
  await testDb?.drop();
});

test('entries are linked into one hash chain that verifies', async () => {
  const first = await recordAudit(testDb.db, { actorType: 'system', action: 'test.first', summary: { n: 1 } });
  const second = await recordAudit(testDb.db, { actorType: 'operator', actorId: 'op-1', action: 'test.second' });
  assert.equal(first.prevHash, '0'.repeat(64));
  assert.equal(second.prevHash, first.hash);
  assert.match(second.hash, /^[0-9a-f]{64}$/);
  assert.deepEqual(await verifyAuditChain(testDb.db), { valid: true, checked: 2 });
});

test('an entry rolls back with the transaction that made the change', async () => {
  const before = await testDb.db('audit_log').count<{ count: number }[]>({ count: '*' });
  await assert.rejects(
    testDb.db.transaction(async (trx) => {
      await recordAudit(trx, { actorType: 'system', action: 'test.rolled_back' });
      throw new Error('the change failed');
    }),
  );
  const afterCount = await testDb.db('audit_log').count<{ count: number }[]>({ count: '*' });
  assert.equal(afterCount[0]?.count, before[0]?.count);
});

test('the database refuses to update, delete or truncate entries', async () => {
  await assert.rejects(testDb.db('audit_log').update({ action: 'tampered' }), /append-only/);
  await assert.rejects(testDb.db('audit_log').delete(), /append-only/);
  await assert.rejects(testDb.db.raw('truncate audit_log'), /append-only/);
  assert.equal((await verifyAuditChain(testDb.db)).valid, true);
});

test('concurrent writers still produce one unbroken chain', async () => {
  await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      testDb.db.transaction((trx) =>
        recordAudit(trx, { actorType: 'system', action: 'test.concurrent', summary: { i } }),
      ),
    ),
  );
  const result = await verifyAuditChain(testDb.db);
  assert.equal(result.valid, true);
  assert.ok(result.checked >= 32);
});
