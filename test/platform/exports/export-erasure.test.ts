import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createDataSubjectRequestActivities } from '../../../activities/data-subject-request';
import { submitMemberRequest } from '../../../platform/data-subject-requests/requests';
import { deleteSubjectExports } from '../../../platform/exports/export-erasure';
import { createExportRecord, runExport, type NewExport } from '../../../platform/exports/export-runs';
import { listObjectVersions } from '../../../platform/storage/object-versions';
import { createTestStack, type TestStack } from '../../support/stack';
import { seedAccount, type SeededAccount } from '../../support/seed-accounts';

let stack: TestStack;

before(async () => {
  stack = await createTestStack();
});

after(async () => {
  await stack?.close();
});

async function finishedExport(input: Omit<NewExport, 'region'>): Promise<{ id: string; key: string }> {
  const record = await createExportRecord(stack.database.db, { region: 'eu', ...input });
  const { record: done } = await runExport(stack.deps, { exportId: record.id, categories: ['account', 'users'] });
  return { id: done.id, key: done.s3_key ?? '' };
}

/** Every version and delete marker S3 still holds under the key. */
async function versionsOf(key: string): Promise<number> {
  const storage = stack.deps.storage;
  return (await listObjectVersions(storage.clientFor('eu'), storage.bucketFor('eu'), key)).length;
}

async function erasureRequest(account: SeededAccount, userId: string) {
  return submitMemberRequest(stack.database.db, {
    accountId: account.accountId,
    userId,
    type: 'erasure',
    jurisdiction: 'gdpr',
    now: new Date(),
  });
}

async function subjectExportRequest(account: SeededAccount, userId: string) {
  return submitMemberRequest(stack.database.db, {
    accountId: account.accountId,
    userId,
    type: 'export',
    jurisdiction: 'gdpr',
    now: new Date(),
  });
}

test("erasing a member deletes every version of the account's exports and of the member's own, with their rows", async () => {
  const account = await seedAccount(stack.database.db, stack.config.keys.master, { requests: 2 });
  const owner = await finishedExport({ accountId: account.accountId, kind: 'owner' });
  const scheduled = await finishedExport({ accountId: account.accountId, kind: 'scheduled' });
  const own = await finishedExport({
    accountId: account.accountId,
    kind: 'dsr',
    requestId: (await subjectExportRequest(account, account.memberId)).id,
  });
  const erasure = await erasureRequest(account, account.memberId);

  const result = await deleteSubjectExports(stack.database.db, stack.deps.storage, {
    requestId: erasure.id,
    accountId: account.accountId,
    subjectUserId: account.memberId,
  });
  assert.deepEqual(result, { exports: 3, objects: 3 });
  for (const { id, key } of [owner, scheduled, own]) {
    assert.equal(await versionsOf(key), 0, `${key}: no version or marker left`);
    assert.equal(await stack.database.db('exports').where({ id }).first(), undefined);
  }
  const entry = await stack.database.db('audit_log').where({ action: 'dsr.exports_deleted', target_id: erasure.id });
  assert.equal(entry.length, 1);
  assert.deepEqual(
    (entry[0]?.summary as { exportIds: string[] }).exportIds.sort(),
    [owner.id, scheduled.id, own.id].sort(),
  );
});

test("a colleague's own data-subject export and another account's exports survive a member's erasure", async () => {
  const account = await seedAccount(stack.database.db, stack.config.keys.master, { requests: 1 });
  const other = await seedAccount(stack.database.db, stack.config.keys.master, { requests: 1 });
  const colleagues = await finishedExport({
    accountId: account.accountId,
    kind: 'dsr',
    requestId: (await subjectExportRequest(account, account.ownerId)).id,
  });
  const elsewhere = await finishedExport({ accountId: other.accountId, kind: 'owner' });
  const erasure = await erasureRequest(account, account.memberId);

  await deleteSubjectExports(stack.database.db, stack.deps.storage, {
    requestId: erasure.id,
    accountId: account.accountId,
    subjectUserId: account.memberId,
  });
  for (const { id, key } of [colleagues, elsewhere]) {
    assert.equal(await versionsOf(key), 1, `${key} kept`);
    assert.ok(await stack.database.db('exports').where({ id }).first());
  }
});

test("the erasure activity deletes the subject's export archives before the user row goes", async () => {
  const account = await seedAccount(stack.database.db, stack.config.keys.master, { requests: 1 });
  const exported = await finishedExport({
    accountId: account.accountId,
    kind: 'dsr',
    requestId: (await subjectExportRequest(account, account.memberId)).id,
  });
  const erasure = await erasureRequest(account, account.memberId);

  await createDataSubjectRequestActivities(stack.deps).eraseSubjectData(erasure.id, null);
  assert.equal(await versionsOf(exported.key), 0);
  assert.equal(await stack.database.db('exports').where({ id: exported.id }).first(), undefined);
  assert.equal(await stack.database.db('users').where({ id: account.memberId }).first(), undefined);
});
