import type { Database } from '../database/database';
import type { ObjectStorage } from '../storage/object-storage';
import { deleteObjectVersions } from '../storage/object-versions';

/** Where an account's objects live in its region's bucket. */
export function accountObjectPrefixes(accountId: string): string[] {
  return [`accounts/${accountId}/`, `exports/${accountId}/`];
}

/**
 * Deletes every version of the account's objects, export archives included.
 * Versions under Object Lock cannot be deleted before their retention ends:
 * they are counted as locked, and the caller shreds the data key they are
 * encrypted under. Repeating it deletes what is left.
 */
export async function purgeAccountObjects(
  db: Database,
  storage: ObjectStorage,
  input: { accountId: string; region: 'eu' | 'us' | 'apac' },
): Promise<{ deleted: number; locked: number }> {
  const exportKeys = (await db('exports')
    .where({ account_id: input.accountId })
    .whereNotNull('s3_key')
    .pluck('s3_key')) as string[];
  return deleteObjectVersions(storage.clientFor(input.region), storage.bucketFor(input.region), [
    ...accountObjectPrefixes(input.accountId),
    ...exportKeys,
  ]);
}
