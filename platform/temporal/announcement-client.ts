import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { searchAttributes, taskQueueFor, workflowIds } from '../../temporal.config';
import type { announcementWorkflow } from '../../workflows/announcement';
import { announcementStatus } from '../../workflows/announcement-messages';
import type { Region } from '../config/config';
import { startWorkflow } from './workflow-types';

/**
 * Starts the workflow that mails a published announcement. It concerns every
 * user, so it runs on one region's queue (the audit archive's primary region),
 * as privacy-policy notices do. A second start finds the running one.
 */
export async function startAnnouncement(
  client: Client,
  input: { announcementId: string; region: Region; batchSize?: number },
): Promise<{ workflowId: string; started: boolean }> {
  const workflowId = workflowIds.announcement(input.announcementId);
  try {
    await startWorkflow(client, 'announcementWorkflow', {
      workflowId,
      taskQueue: taskQueueFor(input.region),
      args: [{ announcementId: input.announcementId, ...(input.batchSize ? { batchSize: input.batchSize } : {}) }],
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
