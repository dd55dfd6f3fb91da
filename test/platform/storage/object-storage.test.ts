import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { REGIONS } from '../../../platform/config/config';
import { createObjectStorage, ensureBuckets, type ObjectStorage } from '../../../platform/storage/object-storage';
import { createTestConfig } from '../../support/config';

let storage: ObjectStorage;

before(async () => {
  storage = createObjectStorage(createTestConfig().s3);
  await ensureBuckets(storage, REGIONS);
  await ensureBuckets(storage, REGIONS); // idempotent
});

after(() => storage?.destroy());

test('each region has its own bucket', () => {
  assert.equal(new Set(REGIONS.map((r) => storage.bucketFor(r))).size, REGIONS.length);
});

test('the S3 server enforces Object Lock: a locked version cannot be deleted before its retention ends', async () => {
  const client = storage.clientFor('eu');
  const Bucket = storage.bucketFor('eu');
  const put = await client.send(
    new PutObjectCommand({
      Bucket,
      Key: 'locked.txt',
      Body: 'immutable',
      ChecksumAlgorithm: 'CRC32', // S3 requires an integrity checksum on uploads with a retention period
      ObjectLockMode: 'GOVERNANCE',
      ObjectLockRetainUntilDate: new Date(Date.now() + 24 * 3600 * 1000),
    }),
  );
  assert.ok(put.VersionId);
  await assert.rejects(
    client.send(new DeleteObjectCommand({ Bucket, Key: 'locked.txt', VersionId: put.VersionId })),
    /AccessDenied|locked|retention/i,
  );
  const still = await client.send(new GetObjectCommand({ Bucket, Key: 'locked.txt', VersionId: put.VersionId }));
  assert.equal(await still.Body?.transformToString(), 'immutable');
});
