import { recordAudit } from '../audit/audit-trail';
import type { Database } from '../database/database';
import type { ExportRow } from '../database/tables';
import type { ObjectStorage } from '../storage/object-storage';
import { deleteObjectVersions } from '../storage/object-versions';

/**
 * Export archives are copies, so an erasure reaches them too. An account's
 * own exports (owner and scheduled) hold its users and the logs its keys
 * made, the subject's among them: they all go, and the owners can run a new
 * one that no longer holds the subject. Data-subject exports go only when
 * they are the subject's: a colleague's own copy of their data is theirs.
 * Copies go even where an operator keeps a category back under a legal
 * exception: the duty is met by the rows, not by extra copies.
 */
async function subjectExports(db: Database, accountId: string, subjectUserId: string): Promise<ExportRow[]> {
  return await db('exports')
    .where({ account_id: accountId })
    .where((q) =>
      q
        .whereNot({ kind: 'dsr' })
        .orWhere({ requested_by: subjectUserId })
        .orWhereIn('request_id', db('data_subject_requests').select('id').where({ subject_user_id: subjectUserId })),
    )
    .orderBy('created_at');
}

/**
 * Deletes every version of those archives, then their rows, with one audit
 * entry on the erasure request (export IDs and counts only). Safe to repeat:
 * a retry finds the rows the last attempt did not reach.
 */
export async function deleteSubjectExports(
  db: Database,
  storage: ObjectStorage,
  input: { requestId: string; accountId: string; subjectUserId: string },
): Promise<{ exports: number; objects: number }> {
  const exports = await subjectExports(db, input.accountId, input.subjectUserId);
  if (exports.length === 0) return { exports: 0, objects: 0 };
  let objects = 0;
  for (const record of exports) {
    if (!record.s3_key) continue;
    const result = await deleteObjectVersions(storage.clientFor(record.region), storage.bucketFor(record.region), [
      record.s3_key,
    ]);
    objects += result.deleted;
  }
  const ids = exports.map((record) => record.id);
  await db.transaction(async (trx) => {
    await trx('exports').whereIn('id', ids).delete();
    await recordAudit(trx, {
      accountId: input.accountId,
      actorType: 'system',
      action: 'dsr.exports_deleted',
      targetType: 'data_subject_request',
      targetId: input.requestId,
      summary: { exportIds: ids, objects },
    });
  });
  return { exports: ids.length, objects };
}
