import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { ACCOUNT_MOVE_TASK_QUEUE, searchAttributes, workflowIds, type AccountMoveInput } from '../../temporal.config';
import { startWorkflow } from './workflow-types';

/**
 * Starts moving an account between regions (an operator's action; the workflow audits each step in the
 * databases it changes). The ID is derived from the account: while a move runs, a second start finds it.
 */
export async function startAccountMove(
  client: Client,
  input: AccountMoveInput,
): Promise<{ workflowId: string; started: boolean }> {
  const workflowId = workflowIds.accountMove(input.accountId);
  try {
    await startWorkflow(client, 'accountMoveWorkflow', {
      workflowId,
      taskQueue: ACCOUNT_MOVE_TASK_QUEUE,
      args: [input],
      typedSearchAttributes: [
        { key: searchAttributes.accountId, value: input.accountId },
        { key: searchAttributes.workflowKind, value: 'account-move' },
        { key: searchAttributes.status, value: 'freezing' },
      ],
      memo: { summary: `Move of account ${input.accountId} from ${input.from} to ${input.to} requested.` },
    });
    return { workflowId, started: true };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
    throw error;
  }
}
