import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { EXPORT_CATEGORIES } from '../../../platform/exports/export-categories';
import type { ExportManifest } from '../../../platform/exports/export-archive';
import { DomainError } from '../../../platform/errors/domain-error';
import {
  exportedFullLogSchema,
  openExportedFullLogs,
  type ExportedFullLog,
} from '../../../platform/exports/exported-full-logs';
import { createExportRecord, runExport } from '../../../platform/exports/export-runs';
import { createTestStack, type TestStack } from '../../support/stack';
import { csvRecordCount, readZip } from '../../support/zip-reader';
import { addUserTraffic, seedAccount, type SeededAccount } from '../../support/seed-accounts';

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

/** The sealed entries of an archive's gateway_full_logs.json, as an owner would post them to be opened. */
function exportedEntries(files: Map<string, string>): ExportedFullLog[] {
  const rows = JSON.parse(files.get('gateway_full_logs.json') ?? '[]') as unknown[];
  return rows.map((row) => exportedFullLogSchema.parse(row));
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

  const everything = [...files.values()].join('\n');
  assert.ok(!everything.includes('prompt from member-'), 'no prompt text anywhere in the archive');
  assert.ok(!everything.includes(other.accountId), 'nothing of another account');
  assert.ok(!everything.includes(other.memberEmail));
  assert.ok(!everything.includes('password_hash') && !everything.includes('secret_hash'), 'no secrets');
});

test('an export archive is stored with server-side encryption and expires when the lifecycle rule removes it', async () => {
  const record = await createExportRecord(stack.database.db, {
    accountId: other.accountId,
    kind: 'owner',
    region: 'eu',
  });
  const { record: done } = await runExport(stack.deps, { exportId: record.id });
  const head = await stack.deps.storage
    .clientFor('eu')
    .send(new HeadObjectCommand({ Bucket: stack.deps.storage.bucketFor('eu'), Key: done.s3_key ?? '' }));
  assert.equal(head.ServerSideEncryption, 'AES256');
  assert.equal(
    (done.expires_at?.getTime() ?? 0) - (done.completed_at?.getTime() ?? 0),
    7 * 86_400_000,
    'the row knows when EXPORT_ARCHIVE_EXPIRY_DAYS ends',
  );
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

const ACCOUNT_CATEGORIES = [
  'account',
  'api_keys',
  'policies',
  'policy_versions',
  'gateway_requests',
  'gateway_full_logs',
  'billing',
];

async function subjectExport(accountId: string, subjectUserId: string) {
  const record = await createExportRecord(stack.database.db, { accountId, kind: 'dsr', region: 'eu' });
  const { record: done } = await runExport(stack.deps, { exportId: record.id, subjectUserId });
  const files = await readZip(await download(done.s3_key ?? ''));
  const manifest = JSON.parse(files.get('manifest.json') ?? '') as ExportManifest;
  return { done, files, manifest };
}

test("a member's export of a two-user account holds their own rows only, and names the account's categories as held for it", async () => {
  const db = stack.database.db;
  const shared = await seedAccount(db, stack.config.keys.master, { requests: 6, fullLogs: 6 });
  const ownerTraffic = await addUserTraffic(db, shared, shared.ownerId, {
    requests: 3,
    prompt: 'owner confidential prompt 7f3a',
  });
  const memberTraffic = await addUserTraffic(db, shared, shared.memberId, {
    requests: 3,
    prompt: 'member own prompt 91cd',
  });
  await db('audit_log').insert({
    account_id: shared.accountId,
    actor_type: 'user',
    actor_id: shared.ownerId,
    action: 'user.role_changed',
    target_type: 'user',
    target_id: shared.memberId,
  });

  const { done, files, manifest } = await subjectExport(shared.accountId, shared.memberId);
  assert.deepEqual([...files.keys()].sort(), [
    'audit_log.csv',
    'audit_log.json',
    'manifest.json',
    'users.csv',
    'users.json',
  ]);
  assert.deepEqual(
    manifest.categories.map((c) => c.name),
    ['users', 'audit_log'],
  );
  assert.deepEqual(manifest.heldForAccount?.categories, ACCOUNT_CATEGORIES);
  assert.match(manifest.heldForAccount?.note ?? '', /held for the account \(the controller\)/);
  assert.deepEqual(Object.keys(done.row_counts).sort(), ['audit_log', 'users']);

  const users = JSON.parse(files.get('users.json') ?? '[]') as Array<{ id: string }>;
  assert.deepEqual(
    users.map((u) => u.id),
    [shared.memberId],
  );
  const audit = JSON.parse(files.get('audit_log.json') ?? '[]') as Array<{ actor_id: string | null }>;
  assert.ok(audit.length >= 2, 'their own action and the one done to them');
  assert.ok(
    audit.every((a) => a.actor_id === shared.memberId || a.actor_id === null),
    "a colleague's ID is withheld",
  );
  const everything = [...files.values()].join('\n');
  for (const [what, value] of Object.entries({
    'owner e-mail': shared.ownerEmail,
    'owner id': shared.ownerId,
    "owner's prompt": ownerTraffic.prompt,
    "owner's key": ownerTraffic.apiKeyPrefix,
    "owner's request": ownerTraffic.requestIds[0] ?? '',
    "the member's own full log": memberTraffic.prompt,
    'a gateway request': memberTraffic.requestIds[0] ?? '',
    billing: `cus_${shared.accountId.slice(0, 8)}`,
  }))
    assert.ok(!everything.includes(value), `no ${what}`);
});

test("a sole user's export holds the account's data, full logs sealed under the account's key", async () => {
  const db = stack.database.db;
  const sole = await seedAccount(db, stack.config.keys.master, { requests: 5, fullLogs: 5, soleUser: true });
  const traffic = await addUserTraffic(db, sole, sole.ownerId, { requests: 2, prompt: 'sole user prompt 44be' });
  const { done, files, manifest } = await subjectExport(sole.accountId, sole.ownerId);
  assert.equal(manifest.heldForAccount, null);
  assert.deepEqual(
    manifest.categories.map((c) => c.name),
    [...EXPORT_CATEGORIES],
  );
  assert.equal(done.row_counts.gateway_requests, 7);
  assert.equal(done.row_counts.api_keys, 2);
  const sealed = exportedEntries(files);
  assert.equal(sealed.length, 7);
  assert.ok(!(files.get('gateway_full_logs.json') ?? '').includes(traffic.prompt), 'sealed in the archive');
  const opened = await openExportedFullLogs(db, stack.config.keys.master, {
    accountId: sole.accountId,
    entries: sealed,
    actor: { actorType: 'user', actorId: sole.ownerId },
  });
  assert.ok(
    opened.some((l) => Array.isArray(l.prompt) && l.prompt[0] === traffic.prompt),
    'and open to the original',
  );
  assert.ok((files.get('billing.json') ?? '').includes(`cus_${sole.accountId.slice(0, 8)}`));
});

test('sealed entries open only under their own account, unaltered, and the manifest says how', async () => {
  const db = stack.database.db;
  const record = await createExportRecord(db, { accountId: mine.accountId, kind: 'owner', region: 'eu' });
  const { record: done } = await runExport(stack.deps, { exportId: record.id, categories: ['gateway_full_logs'] });
  const files = await readZip(await download(done.s3_key ?? ''));
  const manifest = JSON.parse(files.get('manifest.json') ?? '') as ExportManifest;
  assert.deepEqual(manifest.sealed?.categories, ['gateway_full_logs']);
  assert.equal(manifest.version, 2);
  const entries = exportedEntries(files);
  assert.equal(entries.length, 30);
  const actor = { actorType: 'user' as const, actorId: mine.ownerId };
  await assert.rejects(
    openExportedFullLogs(db, stack.config.keys.master, { accountId: other.accountId, entries, actor }),
    (error: unknown) => error instanceof DomainError && error.code === 'ExportedFullLogUnreadable',
    "another account's key opens nothing",
  );
  const first = entries[0];
  if (!first) throw new Error('no entry');
  const flipped = Buffer.from(first.ciphertext, 'base64');
  flipped[0] = (flipped[0] ?? 0) ^ 1;
  await assert.rejects(
    openExportedFullLogs(db, stack.config.keys.master, {
      accountId: mine.accountId,
      entries: [{ ...first, ciphertext: flipped.toString('base64') }],
      actor,
    }),
    /entries\[0\] does not open/,
  );
});
