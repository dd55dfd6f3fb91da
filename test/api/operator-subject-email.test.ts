import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { submitMemberRequest, submitPublicRequest } from '../../platform/data-subject-requests/requests';
import { assertApiError, startTestApi, type TestApi, type TestUser } from '../support/api';

let api: TestApi;
let operator: TestUser;

before(async () => {
  // These routes need no workflow: the detail's live status is then null.
  api = await startTestApi({ temporal: () => Promise.reject(new Error('Temporal is not part of this test')) });
  operator = await api.createOperator();
});

after(async () => {
  await api?.close();
});

interface OperatorView {
  id: string;
  subjectEmailMasked: string | null;
  workingDueAt: string;
  daysLeft: number;
  temporal: { workflowId: string; query: string; url: string };
}

async function publicRequest(email: string, receivedDaysAgo = 0) {
  const { request } = await submitPublicRequest(api.stack.database.db, {
    email,
    type: 'access',
    jurisdiction: 'gdpr',
    verificationTtlHours: 24,
    now: new Date(Date.now() - receivedDaysAgo * 86_400_000),
  });
  return request;
}

test('the queue and the detail show the address masked, days left and the Temporal UI query', async () => {
  const request = await publicRequest('jane.doe@example.com', 10);
  const listed = await api.request<{ requests: OperatorView[] }>('GET', '/v1/operator/data-subject-requests', {
    token: operator.token,
  });
  assert.equal(listed.status, 200);
  const view = listed.body.requests.find((r) => r.id === request.id);
  assert.ok(view);
  assert.equal(view.subjectEmailMasked, 'j***@example.com');
  assert.doesNotMatch(listed.text, /jane\.doe/);
  // Received 10 days ago: we work to the earlier of the promise (30 days) and the legal month.
  const due = Math.min(request.promised_due_at.getTime(), request.legal_due_at.getTime());
  assert.equal(view.workingDueAt, new Date(due).toISOString());
  assert.equal(view.daysLeft, Math.ceil((due - Date.now()) / 86_400_000));
  assert.ok(view.daysLeft >= 19 && view.daysLeft <= 21, String(view.daysLeft));
  assert.equal(view.temporal.workflowId, `data-subject-request-${request.id}`);
  assert.equal(
    view.temporal.query,
    `AutraceWorkflowKind = 'data-subject-request' AND WorkflowId = 'data-subject-request-${request.id}'`,
  );
  assert.equal(
    view.temporal.url,
    `http://127.0.0.1:8233/namespaces/default/workflows?query=${encodeURIComponent(view.temporal.query)}`,
  );

  const detail = await api.request<OperatorView>('GET', `/v1/operator/data-subject-requests/${request.id}`, {
    token: operator.token,
  });
  assert.equal(detail.status, 200);
  assert.equal(detail.body.subjectEmailMasked, 'j***@example.com');
  assert.doesNotMatch(detail.text, /jane\.doe/);
});

test('an overdue request has negative days left', async () => {
  const request = await publicRequest('late@example.com', 45);
  const detail = await api.request<OperatorView>('GET', `/v1/operator/data-subject-requests/${request.id}`, {
    token: operator.token,
  });
  assert.ok(detail.body.daysLeft < 0, String(detail.body.daysLeft));
});

test('an operator reveals the address; the audit entry names the operator and request, not the address', async () => {
  const request = await publicRequest('reveal.me@example.org');
  const response = await api.request<{ email: string }>(
    'POST',
    `/v1/operator/data-subject-requests/${request.id}/subject-email`,
    { token: operator.token },
  );
  assert.equal(response.status, 200);
  assert.deepEqual(response.body, { email: 'reveal.me@example.org' });
  const entries = await api.stack.database
    .db('audit_log')
    .where({ action: 'data_subject_request.subject_email_revealed', target_id: request.id });
  assert.equal(entries.length, 1);
  assert.equal(entries[0]?.actor_type, 'operator');
  assert.equal(entries[0]?.actor_id, operator.userId);
  assert.doesNotMatch(JSON.stringify(entries), /reveal\.me/);
});

test('a member request reveals the member’s address and is audited under the account', async () => {
  const account = await api.createAccount();
  const request = await submitMemberRequest(api.stack.database.db, {
    accountId: account.accountId,
    userId: account.owner.userId,
    type: 'export',
    jurisdiction: 'ccpa',
    now: new Date(),
  });
  const response = await api.request<{ email: string }>(
    'POST',
    `/v1/operator/data-subject-requests/${request.id}/subject-email`,
    { token: operator.token },
  );
  assert.equal(response.body.email, account.owner.email);
  const entry = await api.stack.database
    .db('audit_log')
    .where({ action: 'data_subject_request.subject_email_revealed', target_id: request.id })
    .first();
  assert.equal(entry?.account_id, account.accountId);
});

test('an unknown request, or one whose address is anonymised, is a 404 and records nothing', async () => {
  const unknown = '0b7e1c52-8f3a-4d6b-9e2f-3a4b5c6d7e8f';
  assertApiError(
    await api.request('POST', `/v1/operator/data-subject-requests/${unknown}/subject-email`, { token: operator.token }),
    404,
    'NOT_FOUND',
  );
  const request = await publicRequest('gone@example.com');
  await api.stack.database.db('data_subject_requests').where({ id: request.id }).update({ subject_email: null });
  assertApiError(
    await api.request('POST', `/v1/operator/data-subject-requests/${request.id}/subject-email`, {
      token: operator.token,
    }),
    404,
    'NOT_FOUND',
  );
  const entries = await api.stack.database
    .db('audit_log')
    .whereIn('target_id', [unknown, request.id])
    .where({ action: 'data_subject_request.subject_email_revealed' });
  assert.equal(entries.length, 0);
});

test('account users and unauthenticated callers cannot reveal an address; a bad ID is a 400', async () => {
  const account = await api.createAccount();
  const request = await publicRequest('private@example.com');
  const path = `/v1/operator/data-subject-requests/${request.id}/subject-email`;
  assertApiError(await api.request('POST', path), 401, 'UNAUTHORIZED');
  assertApiError(await api.request('POST', path, { token: account.owner.token }), 403, 'FORBIDDEN');
  assertApiError(
    await api.request('POST', '/v1/operator/data-subject-requests/not-an-id/subject-email', { token: operator.token }),
    400,
    'BAD_REQUEST',
  );
  const entries = await api.stack.database
    .db('audit_log')
    .where({ action: 'data_subject_request.subject_email_revealed', target_id: request.id });
  assert.equal(entries.length, 0);
});
