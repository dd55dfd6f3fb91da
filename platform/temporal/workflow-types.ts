import type {
  Client,
  ScheduleOptionsStartWorkflowAction,
  WorkflowHandleWithStartDetails,
  WorkflowStartOptions,
} from '@temporalio/client';
import type * as registered from '../../workflows';

/**
 * The workflows the worker registers (workflows/index.ts), by the name each is
 * registered under. Imported as types only: a client names the workflow it
 * starts, and its arguments and result are checked against the workflow itself
 * without loading workflow code into the API.
 */
export type Workflows = typeof registered;
export type WorkflowType = keyof Workflows;

/** `client.workflow.start` for a registered workflow, typed by that workflow. */
export function startWorkflow<N extends WorkflowType>(
  client: Client,
  workflowType: N,
  options: WorkflowStartOptions<Workflows[N]>,
): Promise<WorkflowHandleWithStartDetails<Workflows[N]>> {
  return client.workflow.start<Workflows[N]>(workflowType, options);
}

/** A Schedule's action starting a registered workflow, its arguments typed by that workflow. */
export function startWorkflowAction<N extends WorkflowType>(
  workflowType: N,
  action: Omit<ScheduleOptionsStartWorkflowAction<Workflows[N]>, 'type' | 'workflowType'>,
): ScheduleOptionsStartWorkflowAction<Workflows[N]> {
  return { type: 'startWorkflow', workflowType, ...action };
}
