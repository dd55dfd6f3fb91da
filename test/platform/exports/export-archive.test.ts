import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { EXPORT_CATEGORIES } from '../../../platform/exports/export-categories';
import type { ExportManifest } from '../../../platform/exports/export-archive';
import { createExportRecord, exportLink, runExport } from '../../../platform/exports/export-runs';
import { createTestStack, type TestStack } from '../../support/stack';
import { csvRecordCount, readZip } from '../../support/zip-reader';
import { seedAccount, type SeededAccount } from '../../support/seed-accounts';

let stack: TestStack;
let mine: SeededAccount;
let other: SeededAccount;

before(async () => {
  stack = await createTestStack();
  mine = await seedAccount(stack.database.db, stack.config.keys.master, { requests: 120, fullLogs: 30 });
  other = await seedAccount(stack.database.db, stack.config.keys.master, { requests: 40, fullLogs: 5 });
});

after(async () => {
  await stack?.close();
});

async function download(key: string): Promise<Buffer> {
  const object = await stack.deps.storage
    .clientFor('eu')
    .send(new GetObjectCommand({ Bucket: stack.deps.storage.bucketFor('eu'), Key: key }));
  return Buffer.from(await (object.Body?.transformToByteArray() ?? new Uint8Array()));
}

test('an account export is a valid ZIP whose JSON parses and whose CSV row counts match the database', async () => {
  const db = stack.database.db;
  const record = await createExportRecord(db, { accountId: mine.accountId, kind: 'owner', region: 'eu' });
  // Counted before the export, which adds its own completion entry afterwards.
  const auditRows = Number((await db('audit_log').where({ account_id: mine.accountId }).count({ n: '*' }))[0]?.n);
  // A small batch size makes the keyset pagination cross many batch boundaries.
  const { record: done } = await runExport(stack.deps, { exportId: record.id, batchSize: 7 });
  assert.equal(done.status, 'completed');
  assert.ok(done.s3_key);

  const files = await readZip(await download(done.s3_key));
  const manifest = JSON.parse(files.get('manifest.json') ?? '') as ExportManifest;
  assert.deepEqual(
    manifest.categories.map((c) => c.name),
    [...EXPORT_CATEGORIES],
  );

  const expected: Record<string, number> = {
    account: 1,
    users: 2,
    api_keys: 1,
    policies: 1,
    policy_versions: 1,
    gateway_requests: Number(
      (await db('gateway_requests').where({ account_id: mine.accountId }).count({ n: '*' }))[0]?.n,
    ),
    gateway_full_logs: Number(
      (await db('gateway_full_logs').where({ account_id: mine.accountId }).count({ n: '*' }))[0]?.n,
    ),
    audit_log: auditRows,
    billing: 1,
  };
  assert.equal(expected.gateway_requests, 120);
  for (const category of EXPORT_CATEGORIES) {
    const json = JSON.parse(files.get(`${category}.json`) ?? 'null') as unknown[];
    assert.ok(Array.isArray(json), `${category}.json is an array`);
    assert.equal(json.length, expected[category], `${category}.json rows`);
    assert.equal(csvRecordCount(files.get(`${category}.csv`) ?? ''), expected[category], `${category}.csv rows`);
    assert.equal(manifest.categories.find((c) => c.name === category)?.rows, expected[category]);
  }
  assert.deepEqual(done.row_counts, expected);

  const logs = JSON.parse(files.get('gateway_full_logs.json') ?? '[]') as Array<{ prompt: string[] }>;
  assert.match(logs[0]?.prompt[0] ?? '', /prompt from member-/, 'full logs are exported decrypted');
  const everything = [...files.values()].join('\n');
  assert.ok(!everything.includes(other.accountId), 'nothing of another account');
  assert.ok(!everything.includes(other.memberEmail));
  assert.ok(!everything.includes('password_hash') && !everything.includes('secret_hash'), 'no secrets');

  const link = await exportLink(stack.deps, done);
  assert.match(link, /X-Amz-Expires=604800/);
  const fetched = await fetch(link);
  assert.equal(fetched.status, 200);
});

test('running a completed export again returns it without writing a second archive', async () => {
  const record = await createExportRecord(stack.database.db, {
    accountId: other.accountId,
    kind: 'owner',
    region: 'eu',
  });
  const first = await runExport(stack.deps, { exportId: record.id });
  const again = await runExport(stack.deps, { exportId: record.id });
  assert.equal(again.record.s3_key, first.record.s3_key);
  assert.equal(again.manifest, null);
  const audits = await stack.database.db('audit_log').where({ action: 'export.completed', target_id: record.id });
  assert.equal(audits.length, 1);
});

test('a data-subject export holds only the subject among the users, and the audit entries about them', async () => {
  const record = await createExportRecord(stack.database.db, { accountId: mine.accountId, kind: 'dsr', region: 'eu' });
  const { record: done } = await runExport(stack.deps, { exportId: record.id, subjectUserId: mine.memberId });
  const files = await readZip(await download(done.s3_key ?? ''));
  const users = JSON.parse(files.get('users.json') ?? '[]') as Array<{ id: string }>;
  assert.deepEqual(
    users.map((u) => u.id),
    [mine.memberId],
  );
  const audit = JSON.parse(files.get('audit_log.json') ?? '[]') as Array<{
    actor_id: string | null;
    target_id: string | null;
  }>;
  assert.ok(audit.length >= 1);
  assert.ok(audit.every((a) => a.actor_id === mine.memberId || a.target_id === mine.memberId));
});
