import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketLifecycleConfigurationCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { REGIONS } from '../../../platform/config/config';
import {
  createObjectStorage,
  ensureBuckets,
  EXPORT_EXPIRY_RULE_ID,
  type ObjectStorage,
} from '../../../platform/storage/object-storage';
import { createTestConfig } from '../../support/config';

let storage: ObjectStorage;

before(async () => {
  storage = createObjectStorage(createTestConfig().s3);
  await ensureBuckets(storage, REGIONS);
  await ensureBuckets(storage, REGIONS); // idempotent
});

after(() => storage?.destroy());

async function lifecycleRules(target: ObjectStorage, region: (typeof REGIONS)[number]) {
  const answer = await target
    .clientFor(region)
    .send(new GetBucketLifecycleConfigurationCommand({ Bucket: target.bucketFor(region) }));
  return answer.Rules ?? [];
}

/** A bucket made without ensureBuckets, so it has no default encryption to hide a missing SSE header. */
async function bareBucket(name: string): Promise<string> {
  const Bucket = `${storage.bucketFor('eu')}-${name}`;
  await storage.clientFor('eu').send(new CreateBucketCommand({ Bucket }));
  return Bucket;
}

test('each region has its own bucket', () => {
  assert.equal(new Set(REGIONS.map((r) => storage.bucketFor(r))).size, REGIONS.length);
});

test('every region bucket gets AES-256 default encryption', async () => {
  for (const region of REGIONS) {
    const answer = await storage
      .clientFor(region)
      .send(new GetBucketEncryptionCommand({ Bucket: storage.bucketFor(region) }));
    const rule = answer.ServerSideEncryptionConfiguration?.Rules?.[0];
    assert.equal(rule?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, 'AES256', region);
  }
});

test('every region bucket expires export archives after 7 days by default', async () => {
  for (const region of REGIONS) {
    const rules = await lifecycleRules(storage, region);
    const rule = rules.find((r) => r.ID === EXPORT_EXPIRY_RULE_ID);
    assert.equal(rule?.Status, 'Enabled', region);
    assert.equal(rule?.Filter?.Prefix, 'exports/', 'only export archives expire');
    assert.equal(rule?.Expiration?.Days, 7);
    assert.equal(rule?.NoncurrentVersionExpiration?.NoncurrentDays, 1, 'the version behind the delete marker goes too');
  }
});

test('EXPORT_ARCHIVE_EXPIRY_DAYS changes the rule, and rules set by others on the bucket stay', async () => {
  const config = createTestConfig({ env: { EXPORT_ARCHIVE_EXPIRY_DAYS: '3' } });
  const custom = createObjectStorage(config.s3);
  try {
    await ensureBuckets(custom, ['eu']);
    await custom.clientFor('eu').send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: custom.bucketFor('eu'),
        LifecycleConfiguration: {
          Rules: [
            ...(await lifecycleRules(custom, 'eu')),
            { ID: 'tmp-cleanup', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 1 } },
          ],
        },
      }),
    );
    await ensureBuckets(custom, ['eu']);
    const rules = await lifecycleRules(custom, 'eu');
    assert.equal(rules.find((r) => r.ID === EXPORT_EXPIRY_RULE_ID)?.Expiration?.Days, 3);
    assert.equal(rules.filter((r) => r.ID === EXPORT_EXPIRY_RULE_ID).length, 1, 'ours is replaced, not repeated');
    assert.ok(rules.some((r) => r.ID === 'tmp-cleanup'));
  } finally {
    custom.destroy();
  }
});

test('a PutObject through the platform client is stored with server-side encryption though it did not ask', async () => {
  const Bucket = await bareBucket('put');
  const client = storage.clientFor('eu');
  await client.send(new PutObjectCommand({ Bucket, Key: 'plain.txt', Body: 'plain' }));
  const head = await client.send(new HeadObjectCommand({ Bucket, Key: 'plain.txt' }));
  assert.equal(head.ServerSideEncryption, 'AES256');
});

test('a multipart upload through the platform client is stored with server-side encryption', async () => {
  const Bucket = await bareBucket('multipart');
  const client = storage.clientFor('eu');
  const body = Buffer.alloc(6 * 1024 * 1024, 'x'); // above the part size: a real multipart upload
  await new Upload({ client, params: { Bucket, Key: 'big.bin', Body: body }, partSize: 5 * 1024 * 1024 }).done();
  const head = await client.send(new HeadObjectCommand({ Bucket, Key: 'big.bin' }));
  assert.equal(head.ServerSideEncryption, 'AES256');
  assert.equal(head.ContentLength, body.length);
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
