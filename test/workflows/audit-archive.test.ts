import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DeleteObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { recordAudit, verifyAuditChain } from '../../platform/audit/audit-trail';
import { archiveAuditDay, pendingArchiveDays, verifyAuditArchive } from '../../platform/audit/audit-archive';
import { archiveKeys } from '../../platform/audit/audit-archive-format';
import { createTestStack, type TestStack } from '../support/stack';
import { appendBackdatedAuditEntries } from '../support/backdated-audit';

let stack: TestStack;
const DAY = 86_400_000;
const now = new Date();
const dayOf = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY).toISOString().slice(0, 10);
const at = (daysAgo: number, hour: number) => new Date(`${dayOf(daysAgo)}T${String(hour).padStart(2, '0')}:00:00Z`);

before(async () => {
  stack = await createTestStack();
  const db = stack.database.db;
  await appendBackdatedAuditEntries(db, [
    { at: at(3, 9), action: 'api_key.created' },
    { at: at(3, 10), action: 'policy.updated' },
    { at: at(2, 8), action: 'api_key.revoked' },
  ]);
  // Nothing on the day before yesterday's successor: an empty day still gets a segment.
  await db.transaction((trx) => recordAudit(trx, { actorType: 'system', action: 'today.entry' }));
  assert.deepEqual(await verifyAuditChain(db), { valid: true, checked: 4 });
  const days = await pendingArchiveDays(db, 'eu', now);
  assert.deepEqual(days, [dayOf(3), dayOf(2), dayOf(1)]);
  for (const day of days) await archiveAuditDay(stack.deps, 'eu', day, now);
});

after(async () => {
  await stack?.close();
});

const s3 = () => stack.deps.storage.clientFor('eu');
const Bucket = () => stack.deps.storage.bucketFor('eu');

test('the daily archive writes a segment and a signed, linked manifest per closed day, and verifies clean', async () => {
  const rows = await stack.database.db('audit_archives').orderBy('day');
  assert.deepEqual(
    rows.map((r) => r.entry_count),
    [2, 1, 0],
  );
  assert.equal(rows[1]?.previous_manifest_sha256, rows[0]?.manifest_sha256);
  assert.deepEqual(await verifyAuditArchive(stack.deps, 'eu'), { valid: true, checkedDays: 3, checkedEntries: 3 });
  assert.deepEqual(await pendingArchiveDays(stack.database.db, 'eu', now), [], 'today is archived tomorrow');
  const again = await archiveAuditDay(stack.deps, 'eu', dayOf(2), now);
  assert.equal(again.entryCount, 1, 'archiving a day twice is harmless');
});

test('segments are written under Object Lock in governance mode', async () => {
  const head = await s3().send(new HeadObjectCommand({ Bucket: Bucket(), Key: archiveKeys(dayOf(3)).segmentKey }));
  assert.equal(head.ObjectLockMode, 'GOVERNANCE');
  assert.ok(head.ObjectLockRetainUntilDate && head.ObjectLockRetainUntilDate.getTime() > now.getTime() + 2000 * DAY);
});

test('segments and manifests are stored with server-side encryption', async () => {
  const keys = archiveKeys(dayOf(3));
  for (const Key of [keys.segmentKey, keys.manifestKey]) {
    const head = await s3().send(new HeadObjectCommand({ Bucket: Bucket(), Key }));
    assert.equal(head.ServerSideEncryption, 'AES256', Key);
  }
});

test('an altered segment is reported by verify-archive, naming the day and the object', async () => {
  const key = archiveKeys(dayOf(2)).segmentKey;
  const forged = '{"id":3,"action":"nothing happened"}\n';
  await s3().send(new PutObjectCommand({ Bucket: Bucket(), Key: key, Body: forged }));
  const result = await verifyAuditArchive(stack.deps, 'eu');
  assert.deepEqual(result, {
    valid: false,
    checkedDays: 1,
    day: dayOf(2),
    key,
    problem: 'segment does not match its manifest',
  });
});

test('Object Lock refuses deleting a locked segment; a governance bypass deletes it and verify-archive names it first', async () => {
  const key = archiveKeys(dayOf(3)).segmentKey;
  const head = await s3().send(new HeadObjectCommand({ Bucket: Bucket(), Key: key }));
  const VersionId = head.VersionId;
  assert.ok(VersionId);
  await assert.rejects(
    s3().send(new DeleteObjectCommand({ Bucket: Bucket(), Key: key, VersionId })),
    /AccessDenied|locked|retention/i,
  );
  await s3().send(new DeleteObjectCommand({ Bucket: Bucket(), Key: key, VersionId, BypassGovernanceRetention: true }));
  const result = await verifyAuditArchive(stack.deps, 'eu');
  assert.deepEqual(result, { valid: false, checkedDays: 0, day: dayOf(3), key, problem: 'segment is missing' });
});

test('`autrace audit verify-archive --json` names the first mismatch and exits 2', async () => {
  const { stdout, code } = await new Promise<{ stdout: string; code: number | null }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.resolve(import.meta.dirname, '../../api/cli/autrace.mjs'), 'audit', 'verify-archive', '--json'],
      {
        env: {
          ...process.env,
          NODE_ENV: 'test',
          LOG_LEVEL: 'silent',
          DATABASE_URL: stack.database.url,
          S3_ENDPOINT: process.env.TEST_S3_ENDPOINT ?? 'http://127.0.0.1:5000',
          S3_ACCESS_KEY_ID: 'test',
          S3_SECRET_ACCESS_KEY: 'test',
          S3_BUCKET_EU: stack.config.s3.regions.eu.bucket,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (exitCode) => resolve({ stdout: out, code: exitCode }));
  });
  assert.equal(code, 2);
  const result = JSON.parse(stdout) as { valid: boolean; day: string; key: string; problem: string };
  assert.deepEqual(
    [result.valid, result.day, result.key, result.problem],
    [false, dayOf(3), archiveKeys(dayOf(3)).segmentKey, 'segment is missing'],
  );
});
