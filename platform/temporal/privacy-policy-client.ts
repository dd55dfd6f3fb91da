import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { searchAttributes, taskQueueFor, workflowIds } from '../../temporal.config';
import type { privacyPolicyNoticeWorkflow } from '../../workflows/privacy-policy-notice';
import { cancelPrivacyPolicyNotice } from '../../workflows/privacy-policy-notice-messages';
import type { Region } from '../config/config';
import { startWorkflow } from './workflow-types';

/**
 * Starts the notice workflow of a published version. It runs on the primary
 * region's queue, beside the version, and notifies each region's users through
 * activities on that region's queue, so each region's users and notice records
 * stay in its database.
 */
export async function startPrivacyPolicyNotices(
  client: Client,
  input: {
    versionId: string;
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
  const workflowId = workflowIds.privacyPolicyNotice(input.versionId);
  try {
    await startWorkflow(client, 'privacyPolicyNoticeWorkflow', {
      workflowId,
      taskQueue: taskQueueFor(input.region),
      args: [
        {
          versionId: input.versionId,
          regions: input.regions,
          ...(input.batchSize ? { batchSize: input.batchSize } : {}),
        },
      ],
      typedSearchAttributes: [
        { key: searchAttributes.workflowKind, value: 'privacy-policy-notice' },
        { key: searchAttributes.status, value: 'notifying' },
      ],
      memo: { summary: `Privacy-policy version ${input.versionId}: notices starting.` },
    });
    return { workflowId, started: true };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
    throw error;
  }
}

export async function cancelPrivacyPolicyNotices(client: Client, versionId: string): Promise<void> {
  await client.workflow
    .getHandle<typeof privacyPolicyNoticeWorkflow>(workflowIds.privacyPolicyNotice(versionId))
    .signal(cancelPrivacyPolicyNotice);
}
