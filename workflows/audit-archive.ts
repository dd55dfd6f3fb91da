import { proxyActivities, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { activityOptions, type AuditArchiveInput, searchAttributes } from '../temporal.config';

const { archiveAuditTrail } = proxyActivities<Activities>(activityOptions.storage);

/** The daily Schedule's action: archive every closed day of the audit trail not yet archived. */
export async function auditArchiveWorkflow(input: AuditArchiveInput): Promise<{ days: string[]; entries: number }> {
  upsertSearchAttributes([
    { key: searchAttributes.workflowKind, value: 'audit-archive' },
    { key: searchAttributes.status, value: 'running' },
  ]);
  const result = await archiveAuditTrail(input);
  upsertSearchAttributes([{ key: searchAttributes.status, value: 'completed' }]);
  upsertMemo({ summary: `archived ${result.days.length} day(s), ${result.entries} entries` });
  return result;
}
