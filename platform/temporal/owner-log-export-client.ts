import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { searchAttributes, taskQueueFor, workflowIds } from '../../temporal.config';
import type { Region } from '../config/config';
import { startWorkflow } from './workflow-types';

/** Starts the worker on an owner's log export, on the account's region queue; a second start finds the first. */
export async function startOwnerLogExport(
  client: Client,
  input: { exportId: string; accountId: string; region: Region },
): Promise<{ workflowId: string }> {
  const workflowId = workflowIds.ownerLogExport(input.exportId);
  try {
    await startWorkflow(client, 'ownerLogExportWorkflow', {
      workflowId,
      taskQueue: taskQueueFor(input.region),
      args: [{ exportId: input.exportId }],
      typedSearchAttributes: [
        { key: searchAttributes.accountId, value: input.accountId },
        { key: searchAttributes.workflowKind, value: 'owner-log-export' },
        { key: searchAttributes.status, value: 'running' },
      ],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  return { workflowId };
}
