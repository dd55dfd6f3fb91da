import { ScheduleOverlapPolicy, type ScheduleOptions } from '@temporalio/client';
import { scheduleIds, searchAttributes, taskQueueFor, workflowIds } from '../../temporal.config';
import type { Region } from '../config/config';
import { startWorkflowAction } from './workflow-types';

/** The Temporal Schedule of an owner's recurring export: runs on the account's region queue, one run at a time. */
export function scheduledExportScheduleOptions(schedule: {
  scheduleId: string;
  accountId: string;
  region: Region;
  cron: string;
}): ScheduleOptions {
  return {
    scheduleId: scheduleIds.scheduledExport(schedule.scheduleId),
    spec: { cronExpressions: [schedule.cron] },
    policies: { overlap: ScheduleOverlapPolicy.SKIP },
    action: startWorkflowAction('scheduledExportWorkflow', {
      args: [{ scheduleId: schedule.scheduleId }],
      taskQueue: taskQueueFor(schedule.region),
      workflowId: workflowIds.scheduledExport(schedule.scheduleId),
      typedSearchAttributes: [
        { key: searchAttributes.workflowKind, value: 'scheduled-export' },
        { key: searchAttributes.accountId, value: schedule.accountId },
      ],
    }),
  };
}
