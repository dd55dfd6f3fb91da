import {
  CreateBucketCommand,
  HeadBucketCommand,
  PutObjectLockConfigurationCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import type { Config, Region } from '../config/config';

/** One S3 client and bucket per home region: an account's objects stay in its region. */
export interface ObjectStorage {
  clientFor(region: Region): S3Client;
  bucketFor(region: Region): string;
  objectLockMode: Config['s3']['objectLockMode'];
  destroy(): void;
}

export function createObjectStorage(s3: Config['s3']): ObjectStorage {
  const clients = new Map<Region, S3Client>();
  return {
    objectLockMode: s3.objectLockMode,
    bucketFor: (region) => s3.regions[region].bucket,
    clientFor(region) {
      let client = clients.get(region);
      if (!client) {
        const options: S3ClientConfig = {
          region: s3.regions[region].awsRegion,
          forcePathStyle: s3.forcePathStyle,
          // Local S3-compatible servers do not all understand the SDK's default streaming checksums.
          ...(s3.endpoint ? { endpoint: s3.endpoint, requestChecksumCalculation: 'WHEN_REQUIRED' as const } : {}),
          ...(s3.credentials ? { credentials: s3.credentials } : {}),
        };
        client = new S3Client(options);
        clients.set(region, client);
      }
      return client;
    },
    destroy() {
      for (const client of clients.values()) client.destroy();
      clients.clear();
    },
  };
}

/**
 * Creates the region buckets when missing (local S3 servers; in production they
 * are provisioned with Object Lock by infrastructure code). Object Lock can only
 * be enabled when a bucket is created.
 */
export async function ensureBuckets(storage: ObjectStorage, regions: readonly Region[]): Promise<void> {
  for (const region of regions) {
    const client = storage.clientFor(region);
    const Bucket = storage.bucketFor(region);
    try {
      await client.send(new HeadBucketCommand({ Bucket }));
      continue;
    } catch {
      // Not there yet: create it below.
    }
    const withLock = storage.objectLockMode !== 'OFF';
    await client.send(new CreateBucketCommand({ Bucket, ...(withLock ? { ObjectLockEnabledForBucket: true } : {}) }));
    if (withLock) {
      await client.send(
        new PutObjectLockConfigurationCommand({ Bucket, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' } }),
      );
    }
  }
}
