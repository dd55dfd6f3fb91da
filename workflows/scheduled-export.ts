import { proxyActivities, upsertMemo, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { activityOptions, type ScheduledExportInput, searchAttributes } from '../temporal.config';

const { runScheduledExport } = proxyActivities<Activities>(activityOptions.storage);
const { mailScheduledExport } = proxyActivities<Activities>(activityOptions.mail);

/** One run of an owner's export Schedule: an archive of the period since the last run, then an e-mail with its link. */
export async function scheduledExportWorkflow(input: ScheduledExportInput): Promise<{ exportId: string | null }> {
  upsertSearchAttributes([
    { key: searchAttributes.workflowKind, value: 'scheduled-export' },
    { key: searchAttributes.status, value: 'running' },
  ]);
  const result = await runScheduledExport({ scheduleId: input.scheduleId, runId: workflowInfo().workflowId });
  if (!result) {
    upsertSearchAttributes([{ key: searchAttributes.status, value: 'skipped' }]);
    return { exportId: null };
  }
  await mailScheduledExport({ scheduleId: input.scheduleId, exportId: result.exportId });
  upsertSearchAttributes([{ key: searchAttributes.status, value: 'completed' }]);
  upsertMemo({ summary: `export ${result.exportId}` });
  return { exportId: result.exportId };
}
