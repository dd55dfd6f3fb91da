import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { searchAttributes, taskQueueFor, workflowIds } from '../../temporal.config';
import type { privacyPolicyNoticeWorkflow } from '../../workflows/privacy-policy-notice';
import { cancelPrivacyPolicyNotice } from '../../workflows/privacy-policy-notice-messages';
import type { Region } from '../config/config';
import { startWorkflow } from './workflow-types';

/**
 * Starts the notice workflow of a published version. Notices concern every
 * user, so they run on one region's queue (the audit archive's primary region).
 */
export async function startPrivacyPolicyNotices(
  client: Client,
  input: { versionId: string; region: Region; batchSize?: number },
): Promise<{ workflowId: string; started: boolean }> {
  const workflowId = workflowIds.privacyPolicyNotice(input.versionId);
  try {
    await startWorkflow(client, 'privacyPolicyNoticeWorkflow', {
      workflowId,
      taskQueue: taskQueueFor(input.region),
      args: [{ versionId: input.versionId, ...(input.batchSize ? { batchSize: input.batchSize } : {}) }],
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
