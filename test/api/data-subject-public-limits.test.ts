import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowIds } from '../../temporal.config';
import { assertApiError, countRows, createInMemoryRateLimiter, startTestApi, type TestApi } from '../support/api';
import { verifyApiPathFromMail, waitForMail } from '../support/dsr-harness';
import { createTimeSkippingEnvironment } from '../support/temporal';

let api: TestApi;
let env: TestWorkflowEnvironment;

before(async () => {
  env = await createTimeSkippingEnvironment();
  api = await startTestApi({
    env: { API_TRUST_PROXY_HOPS: '1' },
    temporal: () => Promise.resolve(env.client),
    rateLimiter: createInMemoryRateLimiter(),
  });
});

after(async () => {
  await api?.close();
  await env?.teardown();
});

const submit = (email: string, client: string) =>
  api.request<{ requestId: string }>('POST', '/v1/public/data-subject-requests', {
    body: { email, type: 'access', jurisdiction: 'gdpr' },
    headers: { 'x-forwarded-for': client },
  });

async function workflowExists(requestId: string): Promise<boolean> {
  try {
    await env.client.workflow.getHandle(workflowIds.dataSubjectRequest(requestId)).describe();
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

const trailOf = async (requestId: string) =>
  (await api.stack.database.db('audit_log').where({ target_id: requestId }).orderBy('id')).map((a) => a.action);

test('before verification a public request sends only the verification e-mail, starts no workflow and writes no audit entry', async () => {
  const email = 'subject-unverified@example.test';
  const auditEntries = await countRows(api, 'audit_log');
  const submitted = await submit(email, '198.51.100.1');
  assert.equal(submitted.status, 202);
  const mail = await waitForMail(api.stack, (m) => m.to.includes(email));
  assert.equal(mail.subject, 'Confirm your privacy request');
  assert.equal(api.stack.smtp.messages.filter((m) => m.to.includes(email)).length, 1);
  assert.equal(await workflowExists(submitted.body.requestId), false);
  assert.equal(await countRows(api, 'audit_log'), auditEntries, 'nothing permanent before verification');

  const path = verifyApiPathFromMail(mail);
  assert.equal((await api.request('GET', path, { headers: { 'x-forwarded-for': '198.51.100.1' } })).status, 200);
  assert.equal(await workflowExists(submitted.body.requestId), true);
  assert.deepEqual((await trailOf(submitted.body.requestId)).slice(0, 2), ['dsr.submitted', 'dsr.verified']);
});

test('public requests are capped per recipient per day, whichever clients send them', async () => {
  const email = 'subject-flooded@example.test';
  for (let i = 0; i < 3; i += 1) assert.equal((await submit(email, `203.0.113.${i + 1}`)).status, 202);
  const before = await countRows(api, 'data_subject_requests');
  const capped = await submit(email.toUpperCase(), '203.0.113.50');
  assertApiError(capped, 429, 'RATE_LIMITED');
  assert.ok(Number(capped.headers.get('retry-after')) > 3600);
  assert.equal(await countRows(api, 'data_subject_requests'), before);
  assert.equal((await submit('someone-else@example.test', '203.0.113.50')).status, 202);
});
