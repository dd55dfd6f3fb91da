import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  searchAttributes,
  taskQueueFor,
  workflowIds,
  type AccountDeletionInput,
  type AccountDeletionStatus,
  type CancelAccountDeletionInput,
} from '../../temporal.config';
import type { accountDeletionWorkflow } from '../../workflows/account-deletion';
import * as messages from '../../workflows/account-deletion-messages';
import type { Region } from '../config/config';
import { startWorkflow } from './workflow-types';

/**
 * Starts the deletion workflow of an account. Its ID is derived from the
 * account, so while one is running a second request finds it and starts nothing.
 */
export async function requestAccountDeletion(
  client: Client,
  input: AccountDeletionInput & { region: Region },
): Promise<{ workflowId: string; started: boolean }> {
  const workflowId = workflowIds.accountDeletion(input.accountId);
  try {
    await startWorkflow(client, 'accountDeletionWorkflow', {
      workflowId,
      taskQueue: taskQueueFor(input.region),
      args: [{ accountId: input.accountId, requestedByUserId: input.requestedByUserId }],
      // Visible in the UI before the first workflow task runs.
      typedSearchAttributes: [
        { key: searchAttributes.accountId, value: input.accountId },
        { key: searchAttributes.workflowKind, value: 'account-deletion' },
        { key: searchAttributes.status, value: 'grace-period' },
      ],
      memo: { summary: `Deletion of account ${input.accountId} requested.` },
    });
    return { workflowId, started: true };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
    throw error;
  }
}

/** The status of the account's latest deletion workflow, or undefined when there is none. */
export async function accountDeletionStatus(
  client: Client,
  accountId: string,
): Promise<AccountDeletionStatus | undefined> {
  try {
    return await handleOf(client, accountId).query(messages.accountDeletionStatus);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}

/** Asks the running deletion to stop and restore the account; the workflow ignores it once the purge has begun. */
export async function cancelAccountDeletion(
  client: Client,
  accountId: string,
  input: CancelAccountDeletionInput,
): Promise<void> {
  await handleOf(client, accountId).signal(messages.cancelAccountDeletion, input);
}

function handleOf(client: Client, accountId: string) {
  return client.workflow.getHandle<typeof accountDeletionWorkflow>(workflowIds.accountDeletion(accountId));
}
