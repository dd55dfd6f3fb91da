import {
  ActivityFailure,
  ApplicationFailure,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  type Client,
  type WorkflowExecutionStatusName,
} from '@temporalio/client';
import {
  ACCOUNT_MOVE_TASK_QUEUE,
  searchAttributes,
  workflowIds,
  type AccountMoveInput,
  type AccountMoveState,
} from '../../temporal.config';
import type { Region } from '../config/config';
import { DomainError } from '../errors/domain-error';
import { checkAccountMove } from '../regions/account-move-checks';
import type { RegionalDatabases } from '../regions/regional-databases';
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
      // The workflow rewrites `summary` as it goes; `from` and `to` stay for `accountMoveStatus`.
      memo: {
        summary: `Move of account ${input.accountId} from ${input.from} to ${input.to} requested.`,
        from: input.from,
        to: input.to,
      },
    });
    return { workflowId, started: true };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
    throw error;
  }
}

/**
 * An operator's request to move an account: checked (checkAccountMove: nothing starts or changes when it is
 * refused), then started. The route and the CLI both come through here, so both refuse the same moves and
 * the workflow audits each step in the operator's name.
 */
export async function requestAccountMove(
  /** Connected only once the checks pass: a refusal needs no Temporal. */
  temporal: () => Promise<Client>,
  regions: RegionalDatabases,
  input: { accountId: string; to: Region; operatorId: string },
): Promise<{ workflowId: string; from: Region; to: Region; started: boolean }> {
  const { from, to } = await checkAccountMove(regions, input.accountId, input.to);
  const { workflowId, started } = await startAccountMove(await temporal(), {
    accountId: input.accountId,
    from,
    to,
    operatorId: input.operatorId,
  });
  return { workflowId, from, to, started };
}

/** The latest move of an account as Temporal holds it: running (at which step) or how it ended. */
export interface AccountMoveStatus {
  workflowId: string;
  /** Temporal's status of the run: RUNNING, COMPLETED, FAILED, CANCELLED, TERMINATED, TIMED_OUT. */
  run: WorkflowExecutionStatusName;
  /** The move's last step (the AutraceStatus search attribute): `moved` when done, `abandoned` when undone. */
  state: AccountMoveState | null;
  from: Region | null;
  to: Region | null;
  startedAt: string;
  closedAt: string | null;
  /** Rows copied, once moved. */
  rows: number | null;
  /** Why a failed move failed: the failure's type and message (a refusal, a copy that kept differing). */
  failure: { type: string | null; message: string } | null;
}

const regionOf = (value: unknown): Region | null => (typeof value === 'string' ? (value as Region) : null);

/** Reads the failure a failed move ended with, through the activity that raised it. */
function failureOf(error: unknown): AccountMoveStatus['failure'] {
  if (!(error instanceof WorkflowFailedError)) throw error;
  const cause = error.cause instanceof ActivityFailure ? error.cause.cause : error.cause;
  return {
    type: cause instanceof ApplicationFailure ? (cause.type ?? null) : (cause?.name ?? null),
    message: cause?.message ?? error.message,
  };
}

/** The account's latest move (`waitForEnd`: once it has ended); `AccountMoveNotFound` when it never had one. */
export async function accountMoveStatus(
  client: Client,
  accountId: string,
  options: { waitForEnd?: boolean } = {},
): Promise<AccountMoveStatus> {
  const workflowId = workflowIds.accountMove(accountId);
  const handle = client.workflow.getHandle(workflowId);
  let rows: number | null = null;
  let failure: AccountMoveStatus['failure'] = null;
  const ended = async () => {
    try {
      const result = (await handle.result()) as { rows?: unknown } | undefined;
      rows = typeof result?.rows === 'number' ? result.rows : null;
    } catch (error) {
      failure = failureOf(error);
    }
  };
  let description;
  try {
    if (options.waitForEnd) await ended();
    description = await handle.describe();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError)
      throw new DomainError('AccountMoveNotFound', `no move of account ${accountId}`);
    throw error;
  }
  const run = description.status.name;
  if (!options.waitForEnd && run !== 'RUNNING') await ended();
  const state = description.typedSearchAttributes.get(searchAttributes.status);
  return {
    workflowId,
    run,
    state: (state as AccountMoveState | undefined) ?? null,
    from: regionOf(description.memo?.from),
    to: regionOf(description.memo?.to),
    startedAt: description.startTime.toISOString(),
    closedAt: description.closeTime?.toISOString() ?? null,
    rows,
    failure,
  };
}
