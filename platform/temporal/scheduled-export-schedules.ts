import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptions,
} from '@temporalio/client';
import { scheduleIds, searchAttributes, taskQueueFor, workflowIds } from '../../temporal.config';
import type { Region } from '../config/config';
import { startWorkflowAction } from './workflow-types';

interface ExportScheduleTarget {
  scheduleId: string;
  accountId: string;
  region: Region;
  cron: string;
}

/** The Temporal Schedule of an owner's recurring export: runs on the account's region queue, one run at a time. */
export function scheduledExportScheduleOptions(schedule: ExportScheduleTarget): ScheduleOptions {
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

/**
 * Points a recurring export's Schedule at `region` (a moved account's schedules follow it to its new home's
 * queue and database). The Schedule ID is the namespace's, shared by every region, so the one Schedule is
 * rewritten in place rather than deleted in one region and created in another: no moment without it, and no
 * second copy. Every field is set from the row, so a repeat (a retried activity) changes nothing; a Schedule
 * missing on the Temporal side is created again. Keeps the row's paused state.
 */
export async function pointExportScheduleAt(
  client: Client,
  schedule: ExportScheduleTarget & { paused: boolean },
): Promise<'updated' | 'created'> {
  const { scheduleId, ...options } = scheduledExportScheduleOptions(schedule);
  const rewrite = () =>
    client.schedule.getHandle(scheduleId).update((previous) => ({
      ...options,
      state: { paused: schedule.paused, ...(previous.state.note ? { note: previous.state.note } : {}) },
    }));
  try {
    await rewrite();
    return 'updated';
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
  }
  try {
    await client.schedule.create({ scheduleId, ...options, state: { paused: schedule.paused } });
    return 'created';
  } catch (error) {
    // Created meanwhile (an earlier attempt whose answer was lost): rewrite that one.
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await rewrite();
    return 'updated';
  }
}
