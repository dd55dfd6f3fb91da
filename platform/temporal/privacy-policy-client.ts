import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import {
  messageNames,
  searchAttributes,
  taskQueueFor,
  workflowIds,
  workflowTypes,
  type PrivacyPolicyNoticeInput,
  type TemporalRegion,
} from '../../temporal.config';

/**
 * Starts the notice workflow of a published version. Notices concern every
 * user, so they run on one region's queue (the audit archive's primary region).
 */
export async function startPrivacyPolicyNotices(
  client: Client,
  input: { versionId: string; region: TemporalRegion; batchSize?: number },
): Promise<{ workflowId: string; started: boolean }> {
  const workflowId = workflowIds.privacyPolicyNotice(input.versionId);
  try {
    await client.workflow.start(workflowTypes.privacyPolicyNotice, {
      workflowId,
      taskQueue: taskQueueFor(input.region),
      args: [
        {
          versionId: input.versionId,
          ...(input.batchSize ? { batchSize: input.batchSize } : {}),
        } satisfies PrivacyPolicyNoticeInput,
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
    .getHandle(workflowIds.privacyPolicyNotice(versionId))
    .signal(messageNames.cancelPrivacyPolicyNotice);
}
