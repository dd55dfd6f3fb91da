import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import { scheduleIds, searchAttributes, taskQueueFor, workflowIds } from '../../temporal.config';
import { REGIONS, type Region } from '../config/config';
import type { Logger } from '../observability/logger';
import { startWorkflowAction } from './workflow-types';

/** Daily at 02:00 UTC, when gateway traffic is lowest across regions. */
const SWEEP_HOUR_UTC = 2;

export function retentionScheduleOptions(region: Region): ScheduleOptions {
  return {
    scheduleId: scheduleIds.retentionSweep(region),
    spec: { calendars: [{ hour: SWEEP_HOUR_UTC, minute: 0 }] },
    action: startWorkflowAction('retentionSweepWorkflow', {
      workflowId: workflowIds.retentionSweep(region),
      taskQueue: taskQueueFor(region),
      args: [{ region }],
      typedSearchAttributes: [
        { key: searchAttributes.workflowKind, value: 'retention-sweep' },
        { key: searchAttributes.status, value: 'sweeping' },
      ],
      memo: { summary: `Daily retention sweep of region ${region}.` },
    }),
    policies: {
      // A sweep still running when the next is due has the same work to do: skip, do not queue.
      overlap: ScheduleOverlapPolicy.SKIP,
      // After downtime one run catches up (it removes everything expired by then, however old).
      catchupWindow: '7 days',
    },
    memo: { summary: `Retention sweep of region ${region}, daily at ${SWEEP_HOUR_UTC}:00 UTC.` },
  };
}

/**
 * One Temporal Schedule per region runs the retention sweep. Creating them is
 * idempotent: an existing schedule is brought up to date instead.
 */
export async function ensureRetentionSchedules(
  client: Client,
  logger: Logger,
  regions: readonly Region[] = REGIONS,
): Promise<void> {
  for (const region of regions) {
    const options = retentionScheduleOptions(region);
    try {
      await client.schedule.create(options);
      logger.info({ scheduleId: options.scheduleId }, 'retention schedule created');
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      await client.schedule.getHandle(options.scheduleId).update((previous) => ({
        ...previous,
        spec: options.spec,
        action: options.action,
        policies: { ...previous.policies, ...options.policies },
      }));
    }
  }
}
