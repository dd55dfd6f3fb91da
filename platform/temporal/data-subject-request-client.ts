import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import {
  type DataSubjectRequestEventRef,
  type DataSubjectRequestExtensionResult,
  type DataSubjectRequestStatus,
  searchAttributes,
  taskQueueFor,
  workflowIds,
} from '../../temporal.config';
import type { dataSubjectRequestWorkflow } from '../../workflows/data-subject-request';
import * as messages from '../../workflows/data-subject-request-messages';
import type { Config, Region } from '../config/config';
import type { Database } from '../database/database';
import { workingDueAt } from '../data-subject-requests/deadlines';
import { recordDecision, recordExtensionRequest, type Decision } from '../data-subject-requests/request-events';
import type { DsrRow } from '../data-subject-requests/requests';
import { startWorkflow } from './workflow-types';

/**
 * What the API and the CLI do to a request's workflow. Texts go to the
 * database first; the workflow receives event IDs only.
 */
async function regionOf(db: Database, config: Config, request: DsrRow): Promise<Region> {
  if (!request.account_id) return config.s3.auditArchivePrimaryRegion;
  const account = await db('accounts').select('region').where({ id: request.account_id }).first();
  return account?.region ?? config.s3.auditArchivePrimaryRegion;
}

export async function startDataSubjectRequestWorkflow(
  client: Client,
  db: Database,
  config: Config,
  request: DsrRow,
): Promise<string> {
  const workflowId = workflowIds.dataSubjectRequest(request.id);
  await startWorkflow(client, 'dataSubjectRequestWorkflow', {
    taskQueue: taskQueueFor(await regionOf(db, config, request)),
    workflowId,
    args: [{ requestId: request.id }],
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    typedSearchAttributes: [
      { key: searchAttributes.workflowKind, value: 'data-subject-request' },
      { key: searchAttributes.requestType, value: request.type },
      { key: searchAttributes.dueAt, value: workingDueAt(request) },
      ...(request.account_id ? [{ key: searchAttributes.accountId, value: request.account_id }] : []),
    ],
  });
  return workflowId;
}

export async function signalRequestVerified(client: Client, requestId: string): Promise<void> {
  await handleOf(client, requestId).signal(messages.dataSubjectRequestVerified);
}

export async function extendRequest(
  client: Client,
  db: Database,
  requestId: string,
  operatorId: string,
  reason: string,
): Promise<DataSubjectRequestExtensionResult> {
  const eventId = await recordExtensionRequest(db, requestId, operatorId, reason);
  const ref: DataSubjectRequestEventRef = { eventId, operatorId };
  return handleOf(client, requestId).executeUpdate(messages.extendDataSubjectRequest, { args: [ref] });
}

export async function decideRequest(
  client: Client,
  db: Database,
  requestId: string,
  operatorId: string,
  decision: Decision,
): Promise<string> {
  const eventId = await recordDecision(db, requestId, operatorId, decision);
  const ref: DataSubjectRequestEventRef = { eventId, operatorId };
  await handleOf(client, requestId).signal(messages.decideDataSubjectRequest, ref);
  return eventId;
}

export async function requestWorkflowStatus(client: Client, requestId: string): Promise<DataSubjectRequestStatus> {
  return handleOf(client, requestId).query(messages.dataSubjectRequestStatus);
}

function handleOf(client: Client, requestId: string) {
  return client.workflow.getHandle<typeof dataSubjectRequestWorkflow>(workflowIds.dataSubjectRequest(requestId));
}

/** The basis recorded with the operator's decision to erase after confirming a child report. */
export const CHILD_REPORT_BASIS =
  'Confirmed report that the user is under 16: the service is not directed to children.';

/**
 * Runs the erasure a confirmed child report created: starts its workflow and gives it the confirming
 * operator's decision to proceed, so it does not wait in the decision queue. Safe to repeat after a
 * failure part-way (an already started workflow is kept, a recorded decision is not sent twice).
 */
export async function startChildDataErasure(
  client: Client,
  db: Database,
  config: Config,
  request: DsrRow,
  operatorId: string,
): Promise<void> {
  try {
    await startDataSubjectRequestWorkflow(client, db, config, request);
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  const decided = await db('dsr_events').where({ request_id: request.id, kind: 'decision' }).first('id');
  if (!decided)
    await decideRequest(client, db, request.id, operatorId, {
      outcome: 'proceed',
      retain: [],
      basis: CHILD_REPORT_BASIS,
    });
}
