import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowIds } from '../../temporal.config';
import { assertApiError, createInMemoryRateLimiter, startTestApi, type TestApi, type TestUser } from '../support/api';
import { createTimeSkippingEnvironment } from '../support/temporal';
import { startPrivacyWorker, verifyApiPathFromMail, waitForMail } from '../support/dsr-harness';

let api: TestApi;
let env: TestWorkflowEnvironment;
let worker: { stop(): Promise<void> };
let operator: TestUser;

before(async () => {
  env = await createTimeSkippingEnvironment();
  api = await startTestApi({ temporal: () => Promise.resolve(env.client), rateLimiter: createInMemoryRateLimiter() });
  worker = await startPrivacyWorker(env, api.stack);
  operator = await api.createOperator();
});

after(async () => {
  await worker?.stop();
  await env?.teardown();
  await api?.close();
});

async function closed(requestId: string): Promise<void> {
  const handle = env.client.workflow.getHandle(workflowIds.dataSubjectRequest(requestId));
  const deadline = Date.now() + 10_000;
  while ((await handle.describe()).status.name === 'RUNNING') {
    if (Date.now() > deadline) throw new Error('workflow still running');
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('a public request is verified by its e-mailed link, then answered; the link works once', async () => {
  const account = await api.createAccount();
  const submitted = await api.request<{ requestId: string }>('POST', '/v1/public/data-subject-requests', {
    body: { email: account.owner.email, type: 'export', jurisdiction: 'gdpr' },
  });
  assert.equal(submitted.status, 202);
  const mail = await waitForMail(
    api.stack,
    (m) => m.to.includes(account.owner.email) && m.subject === 'Confirm your privacy request',
  );
  const path = verifyApiPathFromMail(mail);
  assert.equal(
    await api.stack.database.db('exports').where({ request_id: submitted.body.requestId }).first(),
    undefined,
  );

  const verified = await api.request('GET', path);
  assert.equal(verified.status, 200);
  assertApiError(await api.request('GET', path), 409, 'CONFLICT');
  assertApiError(
    await api.request('GET', '/v1/public/data-subject-requests/verify?token=not-a-real-token-at-all'),
    404,
    'NOT_FOUND',
  );
  await closed(submitted.body.requestId);
  await waitForMail(
    api.stack,
    (m) => m.to.includes(account.owner.email) && m.subject === `Your privacy request ${submitted.body.requestId}`,
  );
});

test('public submissions are rate-limited per client', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const response = await api.request('POST', '/v1/public/data-subject-requests', {
      body: { email: `nobody${i}@example.test`, type: 'access', jurisdiction: 'ccpa' },
    });
    statuses.push(response.status);
  }
  assert.ok(statuses.includes(429), `statuses ${statuses.join(',')}`);
  const limited = await api.request('POST', '/v1/public/data-subject-requests', {
    body: { email: 'again@example.test', type: 'access', jurisdiction: 'ccpa' },
  });
  assertApiError(limited, 429, 'RATE_LIMITED');
});

test('members submit about themselves and see only their own requests; operators list, note, extend and decide', async () => {
  const account = await api.createAccount();
  const member = await api.createUser(account.accountId, 'member');
  const submitted = await api.request<{ id: string; legalDueAt: string; promisedDueAt: string }>(
    'POST',
    '/v1/data-subject-requests',
    {
      token: member.token,
      body: { type: 'erasure', jurisdiction: 'gdpr' },
    },
  );
  assert.equal(submitted.status, 202);
  const id = submitted.body.id;
  assert.equal((await api.request('GET', `/v1/data-subject-requests/${id}`, { token: member.token })).status, 200);
  assertApiError(
    await api.request('GET', `/v1/data-subject-requests/${id}`, { token: account.owner.token }),
    404,
    'NOT_FOUND',
  );
  assertApiError(
    await api.request('GET', '/v1/operator/data-subject-requests', { token: member.token }),
    403,
    'FORBIDDEN',
  );
  assertApiError(
    await api.request('POST', '/v1/data-subject-requests', { body: { type: 'erasure', jurisdiction: 'gdpr' } }),
    401,
    'UNAUTHORIZED',
  );

  const listed = await api.request<{ requests: Array<{ id: string; subjectEmailMasked: string | null }> }>(
    'GET',
    '/v1/operator/data-subject-requests?open=true',
    { token: operator.token },
  );
  assert.equal(listed.status, 200);
  assert.equal(
    listed.body.requests.find((r) => r.id === id)?.subjectEmailMasked,
    `${member.email.slice(0, 1)}***${member.email.slice(member.email.indexOf('@'))}`,
  );

  assert.equal(
    (
      await api.request('POST', `/v1/operator/data-subject-requests/${id}/notes`, {
        token: operator.token,
        body: { text: 'called the subject' },
      })
    ).status,
    201,
  );
  const extended = await api.request<{ dueAt: string }>('POST', `/v1/operator/data-subject-requests/${id}/extensions`, {
    token: operator.token,
    body: { reason: 'several linked accounts to search' },
  });
  assert.equal(extended.status, 200);
  assert.ok(Date.parse(extended.body.dueAt) > Date.parse(submitted.body.legalDueAt));
  assertApiError(
    await api.request('POST', `/v1/operator/data-subject-requests/${id}/extensions`, {
      token: operator.token,
      body: { reason: 'a second extension attempt' },
    }),
    409,
    'CONFLICT',
  );
  assertApiError(
    await api.request('POST', `/v1/operator/data-subject-requests/${id}/decisions`, {
      token: operator.token,
      body: { outcome: 'refuse' },
    }),
    400,
    'BAD_REQUEST',
  );
  const decided = await api.request('POST', `/v1/operator/data-subject-requests/${id}/decisions`, {
    token: operator.token,
    body: { outcome: 'proceed' },
  });
  assert.equal(decided.status, 202);
  await closed(id);
  const shown = await api.request<{
    status: string;
    events: Array<{ kind: string }>;
    workflow: { completedSteps: string[] } | null;
  }>('GET', `/v1/operator/data-subject-requests/${id}`, { token: operator.token });
  assert.equal(shown.body.status, 'answered');
  assert.deepEqual(shown.body.events.map((e) => e.kind).sort(), ['decision', 'extension', 'extension', 'note']);
  assert.ok(shown.body.workflow?.completedSteps.includes('erased'));
  assert.equal(await api.stack.database.db('users').where({ id: member.userId }).first(), undefined);
});

function runCli(args: string[]): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.resolve(import.meta.dirname, '../../api/cli/autrace.mjs'), ...args], {
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: api.stack.database.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ stdout: out, stderr: err, code }));
  });
}

test('`autrace dsr list --open --json` and `autrace dsr note` work on the database; a non-operator is refused', async () => {
  const account = await api.createAccount();
  const submitted = await api.request<{ id: string }>('POST', '/v1/data-subject-requests', {
    token: account.owner.token,
    body: { type: 'rectification', jurisdiction: 'ccpa', details: { name: 'New Name' } },
  });
  const listed = await runCli(['dsr', 'list', '--open', '--json']);
  assert.equal(listed.code, 0);
  const { requests } = JSON.parse(listed.stdout) as { requests: Array<{ id: string }> };
  assert.ok(requests.some((r) => r.id === submitted.body.id));

  const noted = await runCli([
    'dsr',
    'note',
    submitted.body.id,
    '--operator',
    operator.userId,
    '--text',
    'identity confirmed by phone',
    '--json',
  ]);
  assert.equal(noted.code, 0);
  const { eventId } = JSON.parse(noted.stdout) as { eventId: string };
  assert.ok(
    await api.stack.database
      .db('audit_log')
      .where({ action: 'dsr.note_added', actor_id: operator.userId, target_id: submitted.body.id })
      .first(),
  );
  assert.ok(eventId);
  const refused = await runCli([
    'dsr',
    'note',
    submitted.body.id,
    '--operator',
    account.owner.userId,
    '--text',
    'not allowed',
    '--json',
  ]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /FORBIDDEN/);
});

test('a member of an account pending deletion can still submit a request and read its status', async () => {
  const account = await api.createAccount();
  await api.stack.database.db('accounts').where({ id: account.accountId }).update({ status: 'disabled' });
  // Other routes refuse a disabled account…
  assertApiError(await api.request('GET', '/v1/api-keys', { token: account.owner.token }), 403, 'FORBIDDEN');
  // …but a person's privacy rights do not end with the account.
  const submitted = await api.request<{ id: string }>('POST', '/v1/data-subject-requests', {
    token: account.owner.token,
    body: { type: 'access', jurisdiction: 'gdpr' },
  });
  assert.equal(submitted.status, 202);
  const status = await api.request<{ id: string; type: string }>(
    'GET',
    `/v1/data-subject-requests/${submitted.body.id}`,
    { token: account.owner.token },
  );
  assert.equal(status.status, 200);
  assert.equal(status.body.type, 'access');
});
