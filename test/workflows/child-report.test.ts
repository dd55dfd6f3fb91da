import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowIds } from '../../temporal.config';
import type { dataSubjectRequestWorkflow } from '../../workflows/data-subject-request';
import { assertApiError, createInMemoryRateLimiter, startTestApi, type TestApi, type TestUser } from '../support/api';
import { startPrivacyWorker, waitForMail } from '../support/dsr-harness';
import { seedAccount, type SeededAccount } from '../support/seed-accounts';
import type { CapturedMail } from '../support/smtp';
import { startStripeFake, type StripeFake } from '../support/stripe-fake';
import { createTimeSkippingEnvironment } from '../support/temporal';

let api: TestApi;
let env: TestWorkflowEnvironment;
let worker: { stop(): Promise<void> };
let stripeFake: StripeFake;
let operator: TestUser;
let reporters = 0;

before(async () => {
  stripeFake = await startStripeFake();
  env = await createTimeSkippingEnvironment();
  api = await startTestApi({
    env: { STRIPE_API_BASE: stripeFake.url, API_TRUST_PROXY_HOPS: '1' },
    temporal: () => Promise.resolve(env.client),
    rateLimiter: createInMemoryRateLimiter(),
  });
  worker = await startPrivacyWorker(env, api.stack);
  operator = await api.createOperator();
});

after(async () => {
  await worker?.stop();
  await env?.teardown();
  await api?.close();
  await stripeFake?.close();
});

const db = () => api.stack.database.db;

/** Waits in real time for the request's workflow to close (time moves only when a test sleeps). */
async function workflowResult(requestId: string): Promise<string> {
  const handle = env.client.workflow.getHandle<typeof dataSubjectRequestWorkflow>(
    workflowIds.dataSubjectRequest(requestId),
  );
  const deadline = Date.now() + 15_000;
  while ((await handle.describe()).status.name === 'RUNNING') {
    if (Date.now() > deadline) throw new Error(`request ${requestId} still running`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return handle.result();
}

/** The API call the privacy center's page makes for the link in the reporter's e-mail. */
function verifyPathFromMail(mail: CapturedMail): string {
  const link = new URL(/https?:\/\/\S+/.exec(mail.text)?.[0] ?? 'http://invalid/');
  assert.equal(link.pathname, '/privacy/child-report/verify');
  return `/v1/public/child-reports/verify?token=${encodeURIComponent(link.searchParams.get('token') ?? '')}`;
}

/** A report about `accountEmail`, sent through the public route; verified by its e-mailed link unless told not to. */
async function report(
  accountEmail: string,
  options: { verify?: boolean } = {},
): Promise<{ reportId: string; reporter: string }> {
  const reporter = `parent-${++reporters}-${Date.now()}@example.test`;
  // Each reporter from a client of their own: the per-client limit is tested on its own below.
  const client = { 'x-forwarded-for': `192.0.2.${reporters}` };
  const submitted = await api.request<{ reportId: string }>('POST', '/v1/public/child-reports', {
    body: { reporterEmail: reporter, accountEmail, details: 'My son is 13 and signed up with this address.' },
    headers: client,
  });
  assert.equal(submitted.status, 202, submitted.text);
  const mail = await waitForMail(
    api.stack,
    (m) => m.to.includes(reporter) && m.subject === 'Confirm your report about a child',
  );
  if (options.verify !== false) {
    const verified = await api.request('GET', verifyPathFromMail(mail), { headers: client });
    assert.equal(verified.status, 200, verified.text);
  }
  return { reportId: submitted.body.reportId, reporter };
}

async function seeded(): Promise<SeededAccount> {
  const account = await seedAccount(db(), api.stack.config.keys.master, { soleUser: true });
  stripeFake.customers.add(`cus_${account.accountId.slice(0, 8)}`);
  return account;
}

async function countFor(accountId: string, table: string): Promise<number> {
  return Number((await db()(table).where({ account_id: accountId }).count({ n: '*' }))[0]?.n);
}

/** What a decision must leave alone, or what a confirmed erasure removes. */
async function snapshot(account: SeededAccount) {
  return {
    user: Boolean(await db()('users').where({ id: account.ownerId }).first()),
    requests: await countFor(account.accountId, 'gateway_requests'),
    fullLogs: await countFor(account.accountId, 'gateway_full_logs'),
    keys: await countFor(account.accountId, 'api_keys'),
    dsrs: await countFor(account.accountId, 'data_subject_requests'),
    status: (await db()('accounts').where({ id: account.accountId }).first())?.status,
  };
}

async function decide(reportId: string, outcome: 'confirm' | 'reject', token = operator.token) {
  return api.request<{ reportId: string; status: string; requestId: string | null }>(
    'POST',
    `/v1/operator/child-reports/${reportId}/decision`,
    { token, body: { outcome } },
  );
}

test("a child report confirmed by an operator erases the reported user's data, with the evidence trail", async () => {
  const account = await seeded();
  const { reportId, reporter } = await report(account.ownerEmail);
  const queue = await api.request<{ reports: Array<{ id: string; matchedUser: { userId: string } | null }> }>(
    'GET',
    '/v1/operator/child-reports',
    { token: operator.token },
  );
  assert.equal(queue.status, 200);
  assert.equal(queue.body.reports.find((r) => r.id === reportId)?.matchedUser?.userId, account.ownerId);

  const decided = await decide(reportId, 'confirm');
  assert.equal(decided.status, 202, decided.text);
  assert.equal(decided.body.status, 'confirmed');
  const requestId = decided.body.requestId;
  assert.ok(requestId);
  // The erasure does not wait for anyone: the operator's confirmation is its decision.
  assert.equal(await workflowResult(requestId), 'answered');

  assert.equal(await db()('users').where({ id: account.ownerId }).first(), undefined);
  assert.equal(await countFor(account.accountId, 'gateway_requests'), 0);
  assert.equal(await countFor(account.accountId, 'gateway_full_logs'), 0);
  assert.equal(await countFor(account.accountId, 'api_keys'), 0);
  const accountRow = await db()('accounts').where({ id: account.accountId }).first();
  assert.equal(accountRow?.data_key_wrapped, null, 'data key shredded');
  assert.equal(accountRow?.status, 'disabled');
  const request = await db()('data_subject_requests').where({ id: requestId }).first();
  assert.deepEqual([request?.type, request?.channel, request?.status], ['erasure', 'child-report', 'answered']);

  // The evidence trail, in order, from the report to the closed request.
  const trail = await db()('audit_log').whereIn('target_id', [reportId, requestId]).orderBy('id').pluck('action');
  for (const action of [
    'child_report.received',
    'child_report.confirmed',
    'dsr.submitted',
    'dsr.decision_recorded',
    'dsr.erased',
    'dsr.closed',
  ])
    assert.ok(trail.includes(action), `${action} on the trail: ${trail.join(', ')}`);
  assert.ok(trail.indexOf('child_report.confirmed') < trail.indexOf('dsr.erased'));
  const chain = await db().raw<{ rows: Array<{ broken_id: number | null }> }>(
    'select broken_id from audit_verify_chain()',
  );
  assert.equal(chain.rows[0]?.broken_id, null, 'the audit chain verifies');

  await waitForMail(api.stack, (m) => m.to.includes(reporter) && /confirmed your report/.test(m.text));
  await waitForMail(api.stack, (m) => m.to.includes(account.ownerEmail) && /erased your personal data/.test(m.text));
  // Neither the report nor the request keeps the child's or the reporter's address.
  for (const address of [account.ownerEmail, reporter]) {
    const { rows } = await db().raw<{ rows: Array<{ n: number }> }>(
      `select (select count(*) from child_reports t where t::text ilike ?)
            + (select count(*) from data_subject_requests t where t::text ilike ?) as n`,
      [`%${address}%`, `%${address}%`],
    );
    assert.equal(Number(rows[0]?.n), 0, `${address} is still stored`);
  }
});

test('a rejected child report changes nothing but the report', async () => {
  const account = await seeded();
  const before = await snapshot(account);
  const { reportId, reporter } = await report(account.ownerEmail);
  const decided = await decide(reportId, 'reject');
  assert.equal(decided.status, 202, decided.text);
  assert.deepEqual([decided.body.status, decided.body.requestId], ['rejected', null]);
  assert.deepEqual(await snapshot(account), before);
  assert.ok(await db()('audit_log').where({ action: 'child_report.rejected', target_id: reportId }).first());
  await waitForMail(api.stack, (m) => m.to.includes(reporter) && /could not confirm it/.test(m.text));
  // A decided report is decided: confirming it later is refused and still erases nothing.
  assertApiError(await decide(reportId, 'confirm'), 409, 'CONFLICT');
  assert.deepEqual(await snapshot(account), before);
});

test('a report whose link was never followed is not in the queue, cannot be decided and changes nothing', async () => {
  const account = await seeded();
  const before = await snapshot(account);
  const { reportId } = await report(account.ownerEmail, { verify: false });
  const queue = await api.request<{ reports: Array<{ id: string }> }>('GET', '/v1/operator/child-reports', {
    token: operator.token,
  });
  assert.ok(!queue.body.reports.some((r) => r.id === reportId));
  assertApiError(await decide(reportId, 'confirm'), 404, 'NOT_FOUND');
  assert.equal(await db()('audit_log').where({ target_id: reportId }).first(), undefined);
  assert.deepEqual(await snapshot(account), before);
});

test('a report naming an address that is no user cannot be confirmed', async () => {
  const { reportId } = await report('nobody-here@example.test');
  assertApiError(await decide(reportId, 'confirm'), 409, 'CONFLICT');
  assert.equal((await db()('child_reports').where({ id: reportId }).first())?.status, 'open');
});

test('only operators see and decide child reports', async () => {
  const account = await seeded();
  const { reportId } = await report(account.ownerEmail);
  const customer = await api.createAccount();
  for (const token of [undefined, customer.owner.token]) {
    const list = await api.request('GET', '/v1/operator/child-reports', token ? { token } : {});
    assert.ok([401, 403].includes(list.status), `list answered ${list.status}`);
    const decided = await api.request('POST', `/v1/operator/child-reports/${reportId}/decision`, {
      ...(token ? { token } : {}),
      body: { outcome: 'confirm' },
    });
    assert.ok([401, 403].includes(decided.status), `decision answered ${decided.status}`);
  }
  assert.equal((await db()('child_reports').where({ id: reportId }).first())?.status, 'open');
  assert.ok(await db()('users').where({ id: account.ownerId }).first());
});

test('bad input to the child-report routes is a 400 that stores nothing', async () => {
  const before = Number((await db()('child_reports').count({ n: '*' }))[0]?.n);
  for (const body of [
    { reporterEmail: 'not-an-address', accountEmail: 'kid@example.test' },
    { reporterEmail: 'parent@example.test' },
    { reporterEmail: 'parent@example.test', accountEmail: 'kid@example.test', details: 'x'.repeat(2001) },
  ])
    assertApiError(
      await api.request('POST', '/v1/public/child-reports', { body, headers: { 'x-forwarded-for': '198.51.100.7' } }),
      400,
      'BAD_REQUEST',
    );
  assert.equal(Number((await db()('child_reports').count({ n: '*' }))[0]?.n), before);
  assertApiError(
    await api.request('GET', '/v1/public/child-reports/verify?token=not-a-real-token-at-all', {
      headers: { 'x-forwarded-for': '198.51.100.7' },
    }),
    404,
    'NOT_FOUND',
  );
  const { reportId } = await report('kid-bad-input@example.test');
  assertApiError(
    await api.request('POST', `/v1/operator/child-reports/${reportId}/decision`, {
      token: operator.token,
      body: { outcome: 'erase-everything' },
    }),
    400,
    'BAD_REQUEST',
  );
});

test('one reporter address gets at most three reports a day, whoever sends them', async () => {
  const reporter = `flood-${Date.now()}@example.test`;
  const send = () =>
    api.request('POST', '/v1/public/child-reports', {
      body: { reporterEmail: reporter, accountEmail: 'kid-flood@example.test' },
      headers: { 'x-forwarded-for': `203.0.113.${++reporters}` },
    });
  for (let i = 0; i < 3; i++) assert.equal((await send()).status, 202);
  const before = Number((await db()('child_reports').count({ n: '*' }))[0]?.n);
  const refused = await send();
  assertApiError(refused, 429, 'RATE_LIMITED');
  assert.ok(Number(refused.headers.get('retry-after')) > 3600);
  assert.equal(Number((await db()('child_reports').count({ n: '*' }))[0]?.n), before);
});

test('one client may send at most five reports an hour, whatever addresses they use', async () => {
  const send = (i: number) =>
    api.request('POST', '/v1/public/child-reports', {
      body: { reporterEmail: `client-cap-${i}@example.test`, accountEmail: 'kid-cap@example.test' },
      headers: { 'x-forwarded-for': '203.0.113.250' },
    });
  for (let i = 0; i < 5; i++) assert.equal((await send(i)).status, 202);
  assertApiError(await send(5), 429, 'RATE_LIMITED');
});
