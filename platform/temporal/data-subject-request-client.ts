import { WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import {
  type DataSubjectRequestEventRef,
  type DataSubjectRequestExtensionResult,
  type DataSubjectRequestInput,
  type DataSubjectRequestStatus,
  messageNames,
  privacyMessageNames,
  searchAttributes,
  taskQueueFor,
  workflowIds,
  workflowTypes,
} from '../../temporal.config';
import type { Config, Region } from '../config/config';
import type { Database } from '../database/database';
import { workingDueAt } from '../data-subject-requests/deadlines';
import { recordDecision, recordExtensionRequest, type Decision } from '../data-subject-requests/request-events';
import type { DsrRow } from '../data-subject-requests/requests';

/**
 * What the API and the CLI do to a request's workflow. Texts go to the
 * database first; the workflow receives event IDs only.
 */
async function regionOf(db: Database, config: Config, request: DsrRow): Promise<Region> {
  if (!request.account_id) return config.s3.auditArchivePrimaryRegion;
  const account = (await db('accounts').select('region').where({ id: request.account_id }).first()) as
    { region: Region } | undefined;
  return account?.region ?? config.s3.auditArchivePrimaryRegion;
}

export async function startDataSubjectRequestWorkflow(
  client: Client,
  db: Database,
  config: Config,
  request: DsrRow,
): Promise<string> {
  const args: [DataSubjectRequestInput] = [{ requestId: request.id }];
  const workflowId = workflowIds.dataSubjectRequest(request.id);
  await client.workflow.start(workflowTypes.dataSubjectRequest, {
    taskQueue: taskQueueFor(await regionOf(db, config, request)),
    workflowId,
    args,
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
  await client.workflow
    .getHandle(workflowIds.dataSubjectRequest(requestId))
    .signal(privacyMessageNames.dataSubjectRequestVerified);
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
  return client.workflow
    .getHandle(workflowIds.dataSubjectRequest(requestId))
    .executeUpdate<DataSubjectRequestExtensionResult, [DataSubjectRequestEventRef]>(
      privacyMessageNames.extendDataSubjectRequest,
      { args: [ref] },
    );
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
  await client.workflow
    .getHandle(workflowIds.dataSubjectRequest(requestId))
    .signal(privacyMessageNames.decideDataSubjectRequest, ref);
  return eventId;
}

export async function requestWorkflowStatus(client: Client, requestId: string): Promise<DataSubjectRequestStatus> {
  return client.workflow
    .getHandle(workflowIds.dataSubjectRequest(requestId))
    .query<DataSubjectRequestStatus>(messageNames.dataSubjectRequestStatus);
}
