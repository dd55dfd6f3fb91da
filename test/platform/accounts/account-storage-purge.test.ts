import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { purgeAccountObjects } from '../../../platform/accounts/account-storage-purge';
import { createExportRecord, runExport } from '../../../platform/exports/export-runs';
import { listObjectVersions } from '../../../platform/storage/object-versions';
import { createTestStack, type TestStack } from '../../support/stack';
import { seedAccount } from '../../support/seed-accounts';

let stack: TestStack;

before(async () => {
  stack = await createTestStack();
});

after(async () => {
  await stack?.close();
});

async function exportArchive(accountId: string): Promise<string> {
  const record = await createExportRecord(stack.database.db, { accountId, kind: 'owner', region: 'eu' });
  const { record: done } = await runExport(stack.deps, { exportId: record.id, categories: ['account'] });
  return done.s3_key ?? '';
}

async function versionsOf(key: string): Promise<number> {
  const storage = stack.deps.storage;
  return (await listObjectVersions(storage.clientFor('eu'), storage.bucketFor('eu'), key)).length;
}

test("an account's purge deletes every version of its export archives and leaves other accounts' alone", async () => {
  const account = await seedAccount(stack.database.db, stack.config.keys.master, { requests: 1 });
  const other = await seedAccount(stack.database.db, stack.config.keys.master, { requests: 1 });
  const first = await exportArchive(account.accountId);
  const second = await exportArchive(account.accountId);
  const theirs = await exportArchive(other.accountId);

  const result = await purgeAccountObjects(stack.database.db, stack.deps.storage, {
    accountId: account.accountId,
    region: 'eu',
  });
  assert.deepEqual(result, { deleted: 2, locked: 0 });
  assert.equal(await versionsOf(first), 0);
  assert.equal(await versionsOf(second), 0);
  assert.equal(await versionsOf(theirs), 1);
});
