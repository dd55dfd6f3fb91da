import { DeleteObjectCommand, ListObjectVersionsCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Database } from '../database/database';
import type { ObjectStorage } from '../storage/object-storage';

/** Where an account's objects live in its region's bucket. */
export function accountObjectPrefixes(accountId: string): string[] {
  return [`accounts/${accountId}/`, `exports/${accountId}/`];
}

interface ObjectVersion {
  key: string;
  versionId: string | undefined;
}

async function listVersions(client: S3Client, bucket: string, prefix: string): Promise<ObjectVersion[]> {
  const versions: ObjectVersion[] = [];
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  for (;;) {
    const page = await client.send(
      new ListObjectVersionsCommand({
        Bucket: bucket,
        Prefix: prefix,
        KeyMarker: keyMarker,
        VersionIdMarker: versionIdMarker,
      }),
    );
    for (const entry of [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]) {
      if (entry.Key) versions.push({ key: entry.Key, versionId: entry.VersionId });
    }
    if (!page.IsTruncated) return versions;
    keyMarker = page.NextKeyMarker;
    versionIdMarker = page.NextVersionIdMarker;
  }
}

function isObjectLocked(error: unknown): boolean {
  const name = error instanceof Error ? error.name : '';
  return name === 'AccessDenied' || name === 'InvalidRequest' || name === 'ObjectLocked';
}

/**
 * Deletes every version of the account's objects (a versioned bucket keeps
 * old versions behind a plain delete). Versions under Object Lock cannot be
 * deleted before their retention ends: they are counted as locked, and the
 * caller shreds the data key they are encrypted under. Repeating it deletes
 * what is left.
 */
export async function purgeAccountObjects(
  db: Database,
  storage: ObjectStorage,
  input: { accountId: string; region: 'eu' | 'us' | 'apac' },
): Promise<{ deleted: number; locked: number }> {
  const client = storage.clientFor(input.region);
  const bucket = storage.bucketFor(input.region);
  const exportKeys = (await db('exports')
    .where({ account_id: input.accountId })
    .whereNotNull('s3_key')
    .pluck('s3_key')) as string[];
  const prefixes = [...accountObjectPrefixes(input.accountId), ...exportKeys];
  let deleted = 0;
  let locked = 0;
  const seen = new Set<string>();
  for (const prefix of prefixes) {
    for (const version of await listVersions(client, bucket, prefix)) {
      const id = `${version.key}\u0000${version.versionId ?? ''}`;
      if (seen.has(id)) continue;
      seen.add(id);
      try {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: version.key, VersionId: version.versionId }));
        deleted += 1;
      } catch (error) {
        if (!isObjectLocked(error)) throw error;
        locked += 1;
      }
    }
  }
  return { deleted, locked };
}
