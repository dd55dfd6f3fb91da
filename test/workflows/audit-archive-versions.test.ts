import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createArchiveSigner } from '../../platform/audit/archive-signing';
import { archiveAuditDay, pendingArchiveDays, verifyAuditArchive } from '../../platform/audit/audit-archive';
import {
  archiveKeys,
  sha256Hex,
  signManifest,
  type SignedArchiveManifest,
} from '../../platform/audit/audit-archive-format';
import { createTestStack, type TestStack } from '../support/stack';
import { appendBackdatedAuditEntries } from '../support/backdated-audit';

let stack: TestStack;
const DAY = 86_400_000;
const now = new Date();
const dayOf = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY).toISOString().slice(0, 10);
const at = (daysAgo: number, hour: number) => new Date(`${dayOf(daysAgo)}T${String(hour).padStart(2, '0')}:00:00Z`);

before(async () => {
  stack = await createTestStack();
  await appendBackdatedAuditEntries(stack.database.db, [
    { at: at(3, 9), action: 'api_key.created' },
    { at: at(2, 8), action: 'api_key.revoked' },
    { at: at(1, 7), action: 'policy.updated' },
  ]);
  // Archived as the worker does: the application role.
  for (const day of await pendingArchiveDays(stack.deps.db, 'eu', now))
    await archiveAuditDay(stack.deps, 'eu', day, now);
});

after(async () => {
  await stack?.close();
});

const s3 = () => stack.deps.storage.clientFor('eu');
const Bucket = () => stack.deps.storage.bucketFor('eu');
const bypass = { BypassGovernanceRetention: true } as const;

async function bytesOf(Key: string): Promise<Buffer> {
  const object = await s3().send(new GetObjectCommand({ Bucket: Bucket(), Key }));
  return Buffer.from(await (object.Body?.transformToByteArray() ?? new Uint8Array()));
}

/** What someone with S3 rights beyond Object Lock's governance mode can do: remove the version the archive wrote. */
async function deleteWrittenVersion(Key: string): Promise<void> {
  const head = await s3().send(new HeadObjectCommand({ Bucket: Bucket(), Key }));
  await s3().send(new DeleteObjectCommand({ Bucket: Bucket(), Key, VersionId: head.VersionId, ...bypass }));
}

test('each archive PUT records the S3 version written, and the signed manifest names its segment’s version', async () => {
  const rows = await stack.database.db('audit_archives').orderBy('day');
  assert.equal(rows.length, 3);
  for (const row of rows) {
    const segment = await s3().send(new HeadObjectCommand({ Bucket: Bucket(), Key: row.segment_key }));
    const manifest = await s3().send(new HeadObjectCommand({ Bucket: Bucket(), Key: row.manifest_key }));
    assert.ok(segment.VersionId && manifest.VersionId);
    assert.equal(row.segment_version_id, segment.VersionId);
    assert.equal(row.manifest_version_id, manifest.VersionId);
    const signed = JSON.parse((await bytesOf(row.manifest_key)).toString('utf8')) as SignedArchiveManifest;
    assert.equal(signed.version, 2);
    assert.equal(signed.segmentVersionId, segment.VersionId);
  }
});

test('the archive verifies with the public key alone, and not with another key', async () => {
  const publicKey = createArchiveSigner(stack.config.keys.auditSigning).publicKey;
  assert.deepEqual(await verifyAuditArchive(stack.deps, 'eu', publicKey), {
    valid: true,
    checkedDays: 3,
    checkedEntries: 3,
  });
  const otherKey = createArchiveSigner(Buffer.alloc(32, 9)).publicKey;
  const result = await verifyAuditArchive(stack.deps, 'eu', otherKey);
  assert.equal(result.valid ? 'valid' : result.problem, 'manifest signature is invalid');
});

// Verification names the oldest broken day, so each tamper below hits an older day than the one before.

test('a replaced segment (the written version removed, the same bytes put back unlocked) is named', async () => {
  const key = archiveKeys(dayOf(1)).segmentKey;
  const original = await bytesOf(key);
  await deleteWrittenVersion(key);
  await s3().send(new PutObjectCommand({ Bucket: Bucket(), Key: key, Body: original }));
  assert.deepEqual(await verifyAuditArchive(stack.deps, 'eu'), {
    valid: false,
    checkedDays: 2,
    day: dayOf(1),
    key,
    problem: 'segment was replaced: the key holds another version than the one written',
  });
});

test('a replaced manifest is named, even with identical bytes', async () => {
  const key = archiveKeys(dayOf(2)).manifestKey;
  const original = await bytesOf(key);
  await deleteWrittenVersion(key);
  await s3().send(new PutObjectCommand({ Bucket: Bucket(), Key: key, Body: original }));
  assert.deepEqual(await verifyAuditArchive(stack.deps, 'eu'), {
    valid: false,
    checkedDays: 1,
    day: dayOf(2),
    key,
    problem: 'manifest was replaced: the key holds another version than the one written',
  });
});

test('a forged manifest, with the database record rewritten to match, is named by its signature', async () => {
  const key = archiveKeys(dayOf(3)).manifestKey;
  const { signature: _signature, ...body } = JSON.parse((await bytesOf(key)).toString('utf8')) as SignedArchiveManifest;
  const forged = signManifest(createArchiveSigner(Buffer.alloc(32, 3)), body);
  await deleteWrittenVersion(key);
  const written = await s3().send(new PutObjectCommand({ Bucket: Bucket(), Key: key, Body: forged }));
  // The owner of the database, with a superuser's trigger bypass, points the record at the forgery.
  await stack.database.db.transaction(async (trx) => {
    await trx.raw('set local session_replication_role = replica');
    await trx('audit_archives')
      .where('day', '=', dayOf(3))
      .update({ manifest_sha256: sha256Hex(forged), manifest_version_id: written.VersionId ?? null });
  });
  assert.deepEqual(await verifyAuditArchive(stack.deps, 'eu'), {
    valid: false,
    checkedDays: 0,
    day: dayOf(3),
    key,
    problem: 'manifest signature is invalid',
  });
});
