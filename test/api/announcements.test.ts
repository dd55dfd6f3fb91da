import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { unsubscribeToken } from '../../platform/announcements/announcement-preferences';
import { searchAttributes, workflowIds } from '../../temporal.config';
import {
  assertApiError,
  countRows,
  createInMemoryRateLimiter,
  startTestApi,
  type TestAccount,
  type TestApi,
  type TestUser,
} from '../support/api';
import { createTimeSkippingEnvironment } from '../support/temporal';

let api: TestApi;
let env: TestWorkflowEnvironment;
let operator: TestUser;
let account: TestAccount;
let member: TestUser;

before(async () => {
  env = await createTimeSkippingEnvironment();
  api = await startTestApi({
    env: { API_TRUST_PROXY_HOPS: '1' },
    temporal: () => Promise.resolve(env.client),
    rateLimiter: createInMemoryRateLimiter(),
  });
  operator = await api.createOperator();
  account = await api.createAccount();
  member = await api.createUser(account.accountId, 'member');
});

after(async () => {
  await api?.close();
  await env?.teardown();
});

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const publish = (token: string | undefined, body: unknown) =>
  api.request<{ announcementId: string; workflowId: string }>('POST', '/v1/operator/announcements', {
    ...(token ? { token } : {}),
    body,
  });
const preferencesOf = async (userId: string) =>
  api.stack.database.db('users').where({ id: userId }).first('marketing_opt_out', 'security_notices_opt_out');
const linkFor = (userId: string, kind: 'product_update' | 'security_notice') =>
  `/v1/unsubscribe?token=${unsubscribeToken(api.stack.config.keys.master, userId, kind)}`;

test('an operator publishes an announcement: it is stored, audited in the trail and its workflow is started', async () => {
  const response = await publish(operator.token, {
    kind: 'security_notice',
    subject: 'Rotate keys created before 1 December',
    body: 'Details.',
  });
  assert.equal(response.status, 201, response.text);
  const { announcementId, workflowId } = response.body;
  assert.equal(workflowId, workflowIds.announcement(announcementId));
  const row = await api.stack.database.db('announcements').where({ id: announcementId }).first();
  assert.equal(row?.kind, 'security_notice');
  assert.equal(row?.status, 'sending');
  const audit = await api.stack.database.db('audit_log').where({ target_id: announcementId });
  assert.equal(audit.length, 1);
  assert.equal(audit[0]?.action, 'announcement.published');
  assert.equal(audit[0]?.actor_type, 'operator');
  assert.equal(audit[0]?.actor_id, operator.userId);
  assert.deepEqual(audit[0]?.summary, { kind: 'security_notice' });
  const described = await env.client.workflow.getHandle(workflowId).describe();
  assert.equal(described.typedSearchAttributes.get(searchAttributes.workflowKind), 'announcement');
});

test('an announcement with an unknown kind, a two-line subject or no body is refused and nothing is stored', async () => {
  const before = await countRows(api, 'announcements');
  for (const body of [
    { kind: 'marketing', subject: 'Hi', body: 'x' },
    { kind: 'product_update', subject: 'Hi\r\nBcc: someone@example.test', body: 'x' },
    { kind: 'product_update', subject: 'Hi', body: '   ' },
  ])
    assertApiError(await publish(operator.token, body), 400, 'BAD_REQUEST');
  assert.equal(await countRows(api, 'announcements'), before);
});

test('account users cannot publish or list announcements, and nobody can without a session', async () => {
  const body = { kind: 'product_update', subject: 'Hi', body: 'x' };
  assertApiError(await publish(account.owner.token, body), 403, 'FORBIDDEN');
  assertApiError(await publish(undefined, body), 401, 'UNAUTHORIZED');
  assertApiError(await api.request('GET', '/v1/operator/announcements', { token: member.token }), 403, 'FORBIDDEN');
});

test('operators list announcements newest first', async () => {
  const first = await publish(operator.token, { kind: 'product_update', subject: 'Older', body: 'x' });
  const second = await publish(operator.token, { kind: 'product_update', subject: 'Newer', body: 'x' });
  const listed = await api.request<{ announcements: Array<{ id: string; subject: string; status: string }> }>(
    'GET',
    '/v1/operator/announcements?limit=2',
    { token: operator.token },
  );
  assert.equal(listed.status, 200);
  assert.deepEqual(
    listed.body.announcements.map((a) => a.id),
    [second.body.announcementId, first.body.announcementId],
  );
});

test('a user reads their announcement preferences, both on by default', async () => {
  const response = await api.request('GET', '/v1/me/announcement-preferences', { token: member.token });
  assert.equal(response.status, 200);
  assert.deepEqual(response.body, { productUpdates: true, securityNotices: true });
});

test('a user turns product updates off: stored, audited once, and sending the same again changes nothing', async () => {
  const user = await api.createUser(account.accountId, 'admin');
  const put = () =>
    api.request('PUT', '/v1/me/announcement-preferences', {
      token: user.token,
      body: { productUpdates: false, securityNotices: true },
    });
  const response = await put();
  assert.equal(response.status, 200, response.text);
  assert.deepEqual(response.body, { productUpdates: false, securityNotices: true });
  assert.deepEqual(await preferencesOf(user.userId), { marketing_opt_out: true, security_notices_opt_out: false });
  const entries = () =>
    api.stack.database
      .db('audit_log')
      .where({ target_id: user.userId, action: 'user.announcement_preferences_changed' });
  const [entry] = await entries();
  assert.equal(entry?.actor_type, 'user');
  assert.equal(entry?.account_id, account.accountId);
  assert.deepEqual(entry?.summary, {
    productUpdates: false,
    securityNotices: true,
    changed: ['productUpdates'],
    via: 'settings',
  });
  assert.equal((await put()).status, 200);
  assert.equal((await entries()).length, 1, 'no change, no entry');
});

test('preferences with a missing, extra or non-boolean field are refused and nothing changes', async () => {
  const audit = await countRows(api, 'audit_log');
  for (const body of [
    { productUpdates: false },
    { productUpdates: false, securityNotices: true, marketing: false },
    { productUpdates: 'no', securityNotices: true },
  ])
    assertApiError(
      await api.request('PUT', '/v1/me/announcement-preferences', { token: member.token, body }),
      400,
      'BAD_REQUEST',
    );
  assert.deepEqual(await preferencesOf(member.userId), { marketing_opt_out: false, security_notices_opt_out: false });
  assert.equal(await countRows(api, 'audit_log'), audit);
});

test('preferences need a user session: none is a 401 and an operator is a 403', async () => {
  assertApiError(await api.request('GET', '/v1/me/announcement-preferences'), 401, 'UNAUTHORIZED');
  assertApiError(
    await api.request('PUT', '/v1/me/announcement-preferences', {
      token: operator.token,
      body: { productUpdates: false, securityNotices: false },
    }),
    403,
    'FORBIDDEN',
  );
});

test('opening an unsubscribe link shows a confirmation form and unsubscribes nobody', async () => {
  const response = await api.request('GET', linkFor(member.userId, 'product_update'));
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(response.text, /<form method="post" action="\/v1\/unsubscribe\?token=/);
  assert.match(response.text, /name="List-Unsubscribe" value="One-Click"/);
  assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
  assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  assert.deepEqual(await preferencesOf(member.userId), { marketing_opt_out: false, security_notices_opt_out: false });
});

test('a one-click POST unsubscribes from the link’s kind only, without a session, and is audited once', async () => {
  const user = await api.createUser(account.accountId, 'member');
  const post = () =>
    api.request('POST', linkFor(user.userId, 'security_notice'), {
      rawBody: 'List-Unsubscribe=One-Click',
      headers: FORM,
    });
  const response = await post();
  assert.equal(response.status, 200, response.text);
  assert.match(response.text, /Unsubscribed from security notices/);
  assert.deepEqual(await preferencesOf(user.userId), { marketing_opt_out: false, security_notices_opt_out: true });
  const entries = () =>
    api.stack.database
      .db('audit_log')
      .where({ target_id: user.userId, action: 'user.announcement_preferences_changed' });
  const [entry] = await entries();
  assert.equal(entry?.actor_type, 'subject');
  assert.equal(entry?.actor_id, user.userId);
  assert.equal((await post()).status, 200, 'posting again is harmless');
  assert.equal((await entries()).length, 1);
});

test('a one-click POST sent as multipart/form-data unsubscribes too', async () => {
  const user = await api.createUser(account.accountId, 'member');
  const form = new FormData();
  form.set('List-Unsubscribe', 'One-Click');
  const response = await fetch(`${api.url}${linkFor(user.userId, 'product_update')}`, { method: 'POST', body: form });
  assert.equal(response.status, 200);
  assert.deepEqual(await preferencesOf(user.userId), { marketing_opt_out: true, security_notices_opt_out: false });
});

test('a forged or altered unsubscribe token is a 400 and changes nothing', async () => {
  const audit = await countRows(api, 'audit_log');
  const genuine = unsubscribeToken(api.stack.config.keys.master, member.userId, 'product_update');
  const [userId, , mac] = genuine.split('.');
  const other = await api.createUser(account.accountId, 'member');
  for (const token of [
    `${userId}.s.${mac}`, // another kind with this kind's signature
    `${other.userId}.p.${mac}`, // another user
    unsubscribeToken(Buffer.alloc(32, 7), member.userId, 'product_update'), // another key
    genuine.slice(0, -4),
    'not-a-token',
  ])
    assertApiError(
      await api.request('POST', `/v1/unsubscribe?token=${encodeURIComponent(token)}`, {
        rawBody: 'List-Unsubscribe=One-Click',
        headers: FORM,
      }),
      400,
      'BAD_REQUEST',
    );
  assert.deepEqual(await preferencesOf(member.userId), { marketing_opt_out: false, security_notices_opt_out: false });
  assert.deepEqual(await preferencesOf(other.userId), { marketing_opt_out: false, security_notices_opt_out: false });
  assert.equal(await countRows(api, 'audit_log'), audit);
});

test('a POST without List-Unsubscribe=One-Click, or not as a form, unsubscribes nobody', async () => {
  const link = linkFor(member.userId, 'product_update');
  assertApiError(
    await api.request('POST', link, { rawBody: 'List-Unsubscribe=Yes', headers: FORM }),
    400,
    'BAD_REQUEST',
  );
  assertApiError(await api.request('POST', link, { rawBody: '', headers: FORM }), 400, 'BAD_REQUEST');
  assertApiError(
    await api.request('POST', link, { body: { 'List-Unsubscribe': 'One-Click' } }),
    415,
    'UNSUPPORTED_MEDIA_TYPE',
  );
  assertApiError(
    await api.request('POST', '/v1/unsubscribe', { rawBody: 'List-Unsubscribe=One-Click', headers: FORM }),
    400,
    'BAD_REQUEST',
  );
  assert.deepEqual(await preferencesOf(member.userId), { marketing_opt_out: false, security_notices_opt_out: false });
});

test('unsubscribe links are rate-limited per client address like other public routes', async () => {
  const link = linkFor(member.userId, 'product_update');
  const from = { 'x-forwarded-for': '203.0.113.77' };
  for (let i = 0; i < 60; i += 1) assert.equal((await api.request('GET', link, { headers: from })).status, 200);
  const limited = await api.request('GET', link, { headers: from });
  assertApiError(limited, 429, 'RATE_LIMITED');
  assert.ok(limited.headers.get('retry-after'));
  assert.equal((await api.request('GET', link, { headers: { 'x-forwarded-for': '203.0.113.78' } })).status, 200);
});
