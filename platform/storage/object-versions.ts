import { DeleteObjectCommand, ListObjectVersionsCommand, type S3Client } from '@aws-sdk/client-s3';

interface ObjectVersion {
  key: string;
  versionId: string | undefined;
}

/** Every version and delete marker under a prefix (a versioned bucket keeps old versions behind a plain delete). */
export async function listObjectVersions(client: S3Client, bucket: string, prefix: string): Promise<ObjectVersion[]> {
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
 * Deletes every version under each prefix. Versions under Object Lock cannot
 * be deleted before their retention ends: they are counted as locked, for
 * the caller to shred the key they are encrypted under. Repeating it deletes
 * what is left.
 */
export async function deleteObjectVersions(
  client: S3Client,
  bucket: string,
  prefixes: readonly string[],
): Promise<{ deleted: number; locked: number }> {
  let deleted = 0;
  let locked = 0;
  const seen = new Set<string>();
  for (const prefix of prefixes) {
    for (const version of await listObjectVersions(client, bucket, prefix)) {
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
