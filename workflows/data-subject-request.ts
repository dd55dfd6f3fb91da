import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { DsrAnswer, DsrSnapshot, OperatorAlertKind } from '../activities/data-subject-request';
import {
  activityOptions,
  type DataSubjectRequestEventRef,
  type DataSubjectRequestInput,
  type DataSubjectRequestState,
  searchAttributes,
} from '../temporal.config';
import {
  dataSubjectRequestStatus,
  dataSubjectRequestVerified,
  decideDataSubjectRequest,
  extendDataSubjectRequest,
} from './data-subject-request-messages';

const db = proxyActivities<Activities>(activityOptions.database);
const mail = proxyActivities<Activities>(activityOptions.mail);
const storage = proxyActivities<Activities>(activityOptions.storage);

const DAY = 86_400_000;
/** Workflow time: Date is replay-safe inside workflows, and skips with the test server. */
const workflowNow = () => new Date().getTime();
/** When operators hear about an open request, relative to the date we work to. */
const ALERTS: ReadonlyArray<{ kind: OperatorAlertKind; before: number }> = [
  { kind: 'reminder-7d', before: 7 * DAY },
  { kind: 'reminder-2d', before: 2 * DAY },
  { kind: 'escalation', before: 1 * DAY },
  { kind: 'overdue', before: 0 },
];

/** Erasure and rectification wait for an operator's decision (exceptions, accuracy); the others run straight through. */
const NEEDS_DECISION = new Set(['erasure', 'rectification']);

/**
 * One data-subject request, from receipt to answer: acknowledge, verify,
 * gather, act by type, tell processors, answer, close — with operator
 * reminders and escalation against the due date throughout.
 */
export async function dataSubjectRequestWorkflow(input: DataSubjectRequestInput): Promise<DataSubjectRequestState> {
  // Handlers are registered before the first await, so a query or signal that arrives at once is never lost.
  let request: DsrSnapshot | null = null;
  let state: DataSubjectRequestState = 'received';
  let verified = false;
  let decision: DataSubjectRequestEventRef | null = null;
  let dueChanged = false;
  let finished = false;
  const completedSteps: string[] = [];
  const operatorAlerts: string[] = [];

  const current = (): DsrSnapshot => {
    if (!request) throw ApplicationFailure.nonRetryable('request not loaded yet', 'NotLoaded');
    return request;
  };
  const publish = () => {
    const request = current();
    upsertSearchAttributes([
      { key: searchAttributes.workflowKind, value: 'data-subject-request' },
      { key: searchAttributes.requestType, value: request.type },
      { key: searchAttributes.status, value: state },
      { key: searchAttributes.dueAt, value: new Date(request.dueAt) },
      ...(request.accountId ? [{ key: searchAttributes.accountId, value: request.accountId }] : []),
    ]);
    upsertMemo({
      summary: `${request.jurisdiction.toUpperCase()} ${request.type} request, ${state}, due ${request.dueAt.slice(0, 10)}`,
    });
  };
  const setState = async (next: DataSubjectRequestState) => {
    state = next;
    publish();
    await db.setDataSubjectRequestStatus(input.requestId, next);
  };
  const step = (name: string) => completedSteps.push(name);

  setHandler(dataSubjectRequestStatus, () => ({
    requestId: input.requestId,
    state,
    type: request?.type ?? '',
    jurisdiction: request?.jurisdiction ?? '',
    dueAt: request?.dueAt ?? '',
    legalDueAt: request?.legalDueAt ?? '',
    extended: request?.extended ?? false,
    completedSteps: [...completedSteps],
    operatorAlerts: [...operatorAlerts],
  }));
  setHandler(dataSubjectRequestVerified, () => {
    verified = true;
  });
  setHandler(decideDataSubjectRequest, (ref) => {
    decision = ref;
  });
  setHandler(extendDataSubjectRequest, async (ref) => {
    // Decided at workflow time, so a replay or a time-skipped test sees the same answer.
    const result = await db.applyExtension(input.requestId, ref.eventId, new Date().toISOString());
    if (result.allowed) {
      request = await db.loadDataSubjectRequest(input.requestId);
      dueChanged = true;
      publish();
    }
    return result;
  });

  request = await db.loadDataSubjectRequest(input.requestId);
  verified = request.verified;
  state = verified ? 'in-progress' : 'awaiting-verification';
  publish();
  if (request.closed) return settled();
  await mail.acknowledgeDataSubjectRequest(request.requestId);
  step('acknowledged');

  if (!verified) {
    const expiresIn = request.verificationExpiresAt ? Date.parse(request.verificationExpiresAt) - workflowNow() : 0;
    if (!(await condition(() => verified, Math.max(expiresIn, 1)))) {
      await mail.expireUnverifiedRequest(request.requestId);
      await setState('expired');
      return settled();
    }
  }
  if (!request.verified) {
    // Verification matched the subject to a user: read the request again.
    request = await db.loadDataSubjectRequest(input.requestId);
    step('verified');
  }
  await setState('in-progress');

  const alerts = watchDueDate();

  try {
    const answer = await act();
    await mail.answerDataSubject(request.requestId, answer);
    step('answered');
    const closedAs = answer.kind === 'refused' ? 'refused' : 'answered';
    await db.closeDataSubjectRequest(request.requestId, closedAs);
    finished = true;
    await setState(closedAs);
  } finally {
    finished = true;
  }
  await alerts;
  return settled();

  /** The final state, once no update handler is still running (an extension must not be cut off mid-way). */
  async function settled(): Promise<DataSubjectRequestState> {
    await condition(allHandlersFinished);
    return state;
  }

  async function act(): Promise<DsrAnswer> {
    await db.gatherSubjectData(input.requestId);
    step('data-gathered');
    if (!current().hasSubjectUser) return { kind: 'no-data' };

    if (NEEDS_DECISION.has(current().type)) {
      await setState('awaiting-decision');
      await condition(() => decision !== null);
      await setState('in-progress');
    }
    const decided = decision;
    if (decided && (await db.readDecisionOutcome(decided.eventId)) === 'refuse') {
      step('refused');
      return { kind: 'refused', decisionEventId: decided.eventId };
    }

    switch (current().type) {
      case 'access':
      case 'export': {
        const exportId = await storage.exportSubjectData(input.requestId);
        step('exported');
        return exportId ? { kind: 'export', exportId } : { kind: 'no-data' };
      }
      case 'erasure': {
        const { retained } = await db.eraseSubjectData(input.requestId, decided?.eventId ?? null);
        step('erased');
        await db.notifyProcessors(input.requestId, 'erasure');
        step('processors-notified');
        return { kind: 'erased', retained };
      }
      case 'rectification': {
        const { fields } = await db.rectifySubjectData(input.requestId);
        step('rectified');
        await db.notifyProcessors(input.requestId, 'rectification');
        step('processors-notified');
        return { kind: 'rectified', fields };
      }
      case 'restriction':
      case 'objection': {
        const { scope } = await db.restrictSubjectProcessing(input.requestId);
        step('restricted');
        await db.notifyProcessors(input.requestId, current().type);
        step('processors-notified');
        return { kind: 'restricted', scope };
      }
      default:
        throw ApplicationFailure.nonRetryable(`unknown request type`, 'UnknownRequestType');
    }
  }

  /** Sleeps until the next alert point, re-planning when the due date moves; stops when the request is answered. */
  async function watchDueDate(): Promise<void> {
    const sent = new Set<string>();
    while (!finished) {
      const due = Date.parse(current().dueAt);
      const next = ALERTS.find((alert) => !sent.has(`${alert.kind}@${current().dueAt}`));
      if (!next) {
        await condition(() => finished || dueChanged);
        dueChanged = false;
        continue;
      }
      const wait = due - next.before - workflowNow();
      if (wait > 0) {
        const woke = await condition(() => finished || dueChanged, wait);
        if (woke) {
          dueChanged = false;
          continue;
        }
      }
      sent.add(`${next.kind}@${current().dueAt}`);
      // Past points of a plan made late (e.g. after an extension) are skipped, not sent in a burst.
      const later = ALERTS.find((alert) => alert.before < next.before && due - alert.before <= workflowNow());
      if (later) continue;
      await mail.sendOperatorAlert(input.requestId, next.kind, current().dueAt);
      operatorAlerts.push(next.kind);
    }
  }
}
