import {
  CreateBucketCommand,
  GetBucketLifecycleConfigurationCommand,
  HeadBucketCommand,
  type LifecycleRule,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutObjectLockConfigurationCommand,
  S3Client,
  type S3ClientConfig,
  type ServerSideEncryption,
} from '@aws-sdk/client-s3';
import type { Config, Region } from '../config/config';

/** One S3 client and bucket per home region: an account's objects stay in its region. */
export interface ObjectStorage {
  clientFor(region: Region): S3Client;
  bucketFor(region: Region): string;
  objectLockMode: Config['s3']['objectLockMode'];
  /** Days after which the lifecycle rule removes an export archive. */
  exportExpiryDays: number;
  destroy(): void;
}

/** Our privacy policy promises AES-256 at rest: S3-managed keys (SSE-S3) on every object. */
export const SERVER_SIDE_ENCRYPTION: ServerSideEncryption = 'AES256';

/** Every command that writes an object's bytes; each gets SSE unless it asks for another kind. */
const OBJECT_WRITES = new Set(['PutObjectCommand', 'CreateMultipartUploadCommand', 'CopyObjectCommand']);

/**
 * Sets ServerSideEncryption on every object write the client sends, so no
 * writer (exports, audit archives, whatever comes next) can forget it. The
 * bucket's default encryption is the second line: it covers writes from
 * outside this code.
 */
function encryptEveryWrite(client: S3Client): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (!OBJECT_WRITES.has(context.commandName ?? '')) return next(args);
      const input = { ...args.input };
      if (!('ServerSideEncryption' in input && input.ServerSideEncryption))
        Object.assign(input, { ServerSideEncryption: SERVER_SIDE_ENCRYPTION });
      return next({ ...args, input });
    },
    { step: 'initialize', name: 'autraceServerSideEncryption' },
  );
}

export function createObjectStorage(s3: Config['s3']): ObjectStorage {
  const clients = new Map<Region, S3Client>();
  return {
    objectLockMode: s3.objectLockMode,
    exportExpiryDays: s3.exportExpiryDays,
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
        encryptEveryWrite(client);
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

/** The prefix every export archive is written under (`exports/<accountId>/<exportId>.zip`). */
export const EXPORTS_PREFIX = 'exports/';
export const EXPORT_EXPIRY_RULE_ID = 'autrace-export-archives-expire';
export const EXPORT_DELETE_MARKER_RULE_ID = 'autrace-export-archives-delete-markers';

/**
 * Export archives are copies with a short life: the current version expires
 * after `days`; since region buckets are versioned (Object Lock), expiry only
 * adds a delete marker, so the old version is removed a day later and the
 * leftover marker after that. Abandoned multipart uploads go after a day.
 */
export function exportLifecycleRules(days: number): LifecycleRule[] {
  return [
    {
      ID: EXPORT_EXPIRY_RULE_ID,
      Status: 'Enabled',
      Filter: { Prefix: EXPORTS_PREFIX },
      Expiration: { Days: days },
      NoncurrentVersionExpiration: { NoncurrentDays: 1 },
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
    },
    {
      ID: EXPORT_DELETE_MARKER_RULE_ID,
      Status: 'Enabled',
      Filter: { Prefix: EXPORTS_PREFIX },
      Expiration: { ExpiredObjectDeleteMarker: true },
    },
  ];
}

function isMissingLifecycle(error: unknown): boolean {
  return error instanceof Error && error.name === 'NoSuchLifecycleConfiguration';
}

function isNotImplemented(error: unknown): boolean {
  return error instanceof Error && error.name === 'NotImplemented';
}

/** Our rules replace their earlier versions; rules someone else added to the bucket stay. */
async function putExportLifecycle(client: S3Client, Bucket: string, days: number): Promise<void> {
  let existing: LifecycleRule[] = [];
  try {
    existing = (await client.send(new GetBucketLifecycleConfigurationCommand({ Bucket }))).Rules ?? [];
  } catch (error) {
    if (!isMissingLifecycle(error)) throw error;
  }
  const ours = new Set([EXPORT_EXPIRY_RULE_ID, EXPORT_DELETE_MARKER_RULE_ID]);
  const Rules = [...existing.filter((rule) => !ours.has(rule.ID ?? '')), ...exportLifecycleRules(days)];
  await client.send(new PutBucketLifecycleConfigurationCommand({ Bucket, LifecycleConfiguration: { Rules } }));
}

export interface BucketSettingsResult {
  /** Settings the S3 server answered NotImplemented to (the local development server); empty on S3. */
  unsupported: Array<'default-encryption' | 'export-expiry'>;
}

/**
 * Creates the region buckets when missing (local S3 servers; in production they
 * are provisioned with Object Lock by infrastructure code), then sets, on every
 * bucket, default encryption and the export archives' lifecycle rule. Object
 * Lock can only be enabled when a bucket is created. Safe to repeat: the
 * worker runs it at every start, so a changed expiry takes effect then.
 */
export async function ensureBuckets(storage: ObjectStorage, regions: readonly Region[]): Promise<BucketSettingsResult> {
  const unsupported = new Set<BucketSettingsResult['unsupported'][number]>();
  for (const region of regions) {
    const client = storage.clientFor(region);
    const Bucket = storage.bucketFor(region);
    if (!(await bucketExists(client, Bucket))) await createBucket(storage, client, Bucket);
    try {
      await client.send(
        new PutBucketEncryptionCommand({
          Bucket,
          ServerSideEncryptionConfiguration: {
            Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: SERVER_SIDE_ENCRYPTION } }],
          },
        }),
      );
    } catch (error) {
      if (!isNotImplemented(error)) throw error;
      unsupported.add('default-encryption');
    }
    try {
      await putExportLifecycle(client, Bucket, storage.exportExpiryDays);
    } catch (error) {
      if (!isNotImplemented(error)) throw error;
      unsupported.add('export-expiry');
    }
  }
  return { unsupported: [...unsupported] };
}

async function bucketExists(client: S3Client, Bucket: string): Promise<boolean> {
  try {
    await client.send(new HeadBucketCommand({ Bucket }));
    return true;
  } catch {
    return false;
  }
}

async function createBucket(storage: ObjectStorage, client: S3Client, Bucket: string): Promise<void> {
  const withLock = storage.objectLockMode !== 'OFF';
  await client.send(new CreateBucketCommand({ Bucket, ...(withLock ? { ObjectLockEnabledForBucket: true } : {}) }));
  if (withLock) {
    await client.send(
      new PutObjectLockConfigurationCommand({ Bucket, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' } }),
    );
  }
}
