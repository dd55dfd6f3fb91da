import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { searchAttributes, taskQueueFor, workflowIds } from '../../temporal.config';
import type { announcementWorkflow } from '../../workflows/announcement';
import { announcementStatus } from '../../workflows/announcement-messages';
import type { Region } from '../config/config';
import { startWorkflow } from './workflow-types';

/**
 * Starts the workflow that mails a published announcement. It runs on the
 * primary region's queue, beside the announcement, and mails each region's
 * users through activities on that region's queue, so each region's users and
 * delivery records stay in its database. A second start finds the running one.
 */
export async function startAnnouncement(
  client: Client,
  input: {
    announcementId: string;
    /** The queue of the workflow itself (the primary region's). */
    region: Region;
    /**
     * Every region, grouped by the database that holds them (`regionsByDatabase`): each group's users
     * are reached through activities on its first region's queue.
     */
    regions: Region[][];
    batchSize?: number;
  },
): Promise<{ workflowId: string; started: boolean }> {
  const workflowId = workflowIds.announcement(input.announcementId);
  try {
    await startWorkflow(client, 'announcementWorkflow', {
      workflowId,
      taskQueue: taskQueueFor(input.region),
      args: [
        {
          announcementId: input.announcementId,
          regions: input.regions,
          ...(input.batchSize ? { batchSize: input.batchSize } : {}),
        },
      ],
      typedSearchAttributes: [
        { key: searchAttributes.workflowKind, value: 'announcement' },
        { key: searchAttributes.status, value: 'sending' },
      ],
      memo: { summary: `Announcement ${input.announcementId}: mails starting.` },
    });
    return { workflowId, started: true };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
    throw error;
  }
}

export async function announcementProgress(client: Client, announcementId: string) {
  return client.workflow
    .getHandle<typeof announcementWorkflow>(workflowIds.announcement(announcementId))
    .query(announcementStatus);
}
