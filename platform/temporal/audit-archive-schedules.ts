import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { scheduleIds, searchAttributes, taskQueueFor, workflowIds } from '../../temporal.config';
import type { Config } from '../config/config';
import type { Logger } from '../observability/logger';
import { startWorkflowAction } from './workflow-types';

/**
 * The audit trail is one chain, archived daily to the primary region's bucket
 * (s3.auditArchivePrimaryRegion) shortly after midnight UTC. Idempotent: an
 * existing Schedule is left as it is.
 */
export async function ensureAuditArchiveSchedules(client: Client, config: Config, logger: Logger): Promise<void> {
  const region = config.s3.auditArchivePrimaryRegion;
  try {
    await client.schedule.create({
      scheduleId: scheduleIds.auditArchive(region),
      spec: { calendars: [{ hour: 0, minute: 15 }] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '7d' },
      action: startWorkflowAction('auditArchiveWorkflow', {
        args: [{ region }],
        taskQueue: taskQueueFor(region),
        workflowId: workflowIds.auditArchive(region),
        typedSearchAttributes: [{ key: searchAttributes.workflowKind, value: 'audit-archive' }],
      }),
    });
    logger.info({ region }, 'audit archive schedule created');
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
}
