import { proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { activityOptions, type OwnerLogExportInput, searchAttributes } from '../temporal.config';

const { runOwnerLogExport } = proxyActivities<Activities>(activityOptions.storage);
const { markOwnerLogExportFailed } = proxyActivities<Activities>(activityOptions.database);

/** An owner's export of the account's logs: the archive, or the export marked failed so the page says so. */
export async function ownerLogExportWorkflow(input: OwnerLogExportInput): Promise<{ rowsWritten: number }> {
  try {
    const result = await runOwnerLogExport({ exportId: input.exportId });
    upsertSearchAttributes([{ key: searchAttributes.status, value: 'completed' }]);
    return result;
  } catch (error) {
    await markOwnerLogExportFailed({ exportId: input.exportId });
    upsertSearchAttributes([{ key: searchAttributes.status, value: 'failed' }]);
    throw error;
  }
}
