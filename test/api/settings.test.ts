import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { submitMemberRequest } from '../../platform/data-subject-requests/requests';
import { restrictProcessing } from '../../platform/data-subject-requests/subject-data';
import { assertApiError, countRows, startTestApi, type TestApi } from '../support/api';

let api: TestApi;

before(async () => {
  api = await startTestApi();
});

after(async () => {
  await api?.close();
});

interface Settings {
  plan: string;
  region: string;
  fullLogging: boolean;
  fullLoggingAvailable: boolean;
  retentionDays: number;
  retentionConfigurable: boolean;
}

test('a Starter owner turns full logging on; the change is audited with from/to', async () => {
  const account = await api.createAccount({ plan: 'starter' });
  const response = await api.request<Settings>('PATCH', '/v1/settings', {
    token: account.owner.token,
    body: { fullLogging: true },
  });
  assert.equal(response.status, 200);
  assert.equal(response.body.fullLogging, true);
  assert.equal(response.body.retentionDays, 30);
  const entry = await api.stack.database
    .db('audit_log')
    .where({ account_id: account.accountId, action: 'settings.updated' })
    .first<{ summary: object }>();
  assert.deepEqual(entry.summary, { changes: { fullLogging: { from: false, to: true } } });
});

test('an Enterprise account sets retention within bounds; out of bounds is a 400', async () => {
  const account = await api.createAccount({ plan: 'enterprise' });
  const ok = await api.request<Settings>('PATCH', '/v1/settings', {
    token: account.owner.token,
    body: { retentionDays: 400 },
  });
  assert.equal(ok.body.retentionDays, 400);
  assertApiError(
    await api.request('PATCH', '/v1/settings', { token: account.owner.token, body: { retentionDays: 731 } }),
    400,
    'BAD_REQUEST',
  );
  assertApiError(
    await api.request('PATCH', '/v1/settings', { token: account.owner.token, body: { retentionDays: 0 } }),
    400,
    'BAD_REQUEST',
  );
  const get = await api.request<Settings>('GET', '/v1/settings', { token: account.owner.token });
  assert.equal(get.body.retentionDays, 400);
});

test('plan limits: full logging on Free and retention outside Enterprise are refused (409) and change nothing', async () => {
  const free = await api.createAccount({ plan: 'free' });
  const before = await countRows(api, 'audit_log', { account_id: free.accountId });
  assertApiError(
    await api.request('PATCH', '/v1/settings', { token: free.owner.token, body: { fullLogging: true } }),
    409,
    'CONFLICT',
  );
  assertApiError(
    await api.request('PATCH', '/v1/settings', { token: free.owner.token, body: { retentionDays: 30 } }),
    409,
    'CONFLICT',
  );
  assertApiError(await api.request('PATCH', '/v1/settings', { token: free.owner.token, body: {} }), 400, 'BAD_REQUEST');
  assertApiError(
    await api.request('PATCH', '/v1/settings', { token: free.owner.token, body: { unknown: 1 } }),
    400,
    'BAD_REQUEST',
  );
  const row = await api.stack.database
    .db('accounts')
    .where({ id: free.accountId })
    .first<{ full_logging: boolean; retention_days: number | null }>();
  assert.deepEqual([row.full_logging, row.retention_days], [false, null]);
  assert.equal(await countRows(api, 'audit_log', { account_id: free.accountId }), before);
});

test('the home region changes only by the owner and only before any logs exist', async () => {
  const account = await api.createAccount();
  const admin = await api.createUser(account.accountId, 'admin');
  assertApiError(
    await api.request('PATCH', '/v1/settings', { token: admin.token, body: { region: 'us' } }),
    403,
    'FORBIDDEN',
  );
  const moved = await api.request<Settings>('PATCH', '/v1/settings', {
    token: account.owner.token,
    body: { region: 'us' },
  });
  assert.equal(moved.body.region, 'us');
  await api.stack.database.db('gateway_requests').insert({
    id: randomUUID(),
    created_at: new Date(),
    account_id: account.accountId,
    endpoint: '/v1/chat/completions',
    provider: 'openai',
    model: 'gpt-4o',
    verdict: 'ALLOW',
    latency_ms: 5,
    status: 200,
  });
  assertApiError(
    await api.request('PATCH', '/v1/settings', { token: account.owner.token, body: { region: 'eu' } }),
    409,
    'CONFLICT',
  );
});

test('a Free account cannot choose APAC, at sign-up or in its settings, and nothing changes', async () => {
  const accounts = await countRows(api, 'accounts', {});
  const signUp = await api.request<{ error: { message: string } }>('POST', '/v1/auth/signup', {
    body: {
      accountName: 'Tokyo team',
      name: 'Aiko',
      email: `aiko-${randomUUID()}@example.com`,
      password: 'a long enough password',
      region: 'apac',
      ageConfirmed: true,
    },
  });
  assertApiError(signUp, 400, 'BAD_REQUEST');
  assert.match(signUp.body.error.message, /APAC region is not available on the free plan/);
  assert.equal(await countRows(api, 'accounts', {}), accounts);

  const account = await api.createAccount();
  const settings = await api.request<Settings & { regionsAvailable: string[] }>('GET', '/v1/settings', {
    token: account.owner.token,
  });
  assert.deepEqual(settings.body.regionsAvailable, ['eu', 'us']);
  const audit = await countRows(api, 'audit_log', { account_id: account.accountId });
  assertApiError(
    await api.request('PATCH', '/v1/settings', { token: account.owner.token, body: { region: 'apac' } }),
    409,
    'CONFLICT',
  );
  const row = await api.stack.database.db('accounts').where({ id: account.accountId }).first('region');
  assert.equal(row?.region, 'eu');
  assert.equal(await countRows(api, 'audit_log', { account_id: account.accountId }), audit);
});

test('an Enterprise owner chooses APAC and locks the account to it; the lock is Enterprise only and owner only', async () => {
  const enterprise = await api.createAccount({ plan: 'enterprise' });
  const moved = await api.request<Settings & { regionLocked: boolean }>('PATCH', '/v1/settings', {
    token: enterprise.owner.token,
    body: { region: 'apac', regionLocked: true },
  });
  assert.equal(moved.status, 200);
  assert.deepEqual([moved.body.region, moved.body.regionLocked], ['apac', true]);
  const entry = await api.stack.database
    .db('audit_log')
    .where({ account_id: enterprise.accountId, action: 'settings.updated' })
    .first<{ summary: object }>();
  assert.deepEqual(entry.summary, {
    changes: { region: { from: 'eu', to: 'apac' }, regionLocked: { from: false, to: true } },
  });

  const admin = await api.createUser(enterprise.accountId, 'admin');
  assertApiError(
    await api.request('PATCH', '/v1/settings', { token: admin.token, body: { regionLocked: false } }),
    403,
    'FORBIDDEN',
  );
  const growth = await api.createAccount({ plan: 'growth' });
  assertApiError(
    await api.request('PATCH', '/v1/settings', { token: growth.owner.token, body: { regionLocked: true } }),
    409,
    'CONFLICT',
  );
  const row = await api.stack.database.db('accounts').where({ id: growth.accountId }).first('region_locked');
  assert.equal(row?.region_locked, false);
});

test('members read but cannot change settings; no session is a 401; changes never touch another account', async () => {
  const account = await api.createAccount({ plan: 'growth' });
  const other = await api.createAccount({ plan: 'growth' });
  const member = await api.createUser(account.accountId, 'member');
  assertApiError(await api.request('GET', '/v1/settings'), 401, 'UNAUTHORIZED');
  assert.equal((await api.request('GET', '/v1/settings', { token: member.token })).status, 200);
  assertApiError(
    await api.request('PATCH', '/v1/settings', { token: member.token, body: { fullLogging: true } }),
    403,
    'FORBIDDEN',
  );
  await api.request('PATCH', '/v1/settings', { token: account.owner.token, body: { fullLogging: true } });
  const theirs = await api.stack.database
    .db('accounts')
    .where({ id: other.accountId })
    .first<{ full_logging: boolean }>();
  assert.equal(theirs.full_logging, false);
});

async function restrictionBy(accountId: string, userId: string): Promise<string> {
  const db = api.stack.database.db;
  const request = await submitMemberRequest(db, {
    accountId,
    userId,
    type: 'restriction',
    jurisdiction: 'gdpr',
    now: new Date(),
  });
  await restrictProcessing(db, request, 'restriction');
  return request.id;
}

test("while a user's restriction of processing is in force, full logging cannot be turned on (409) and nothing changes", async () => {
  const account = await api.createAccount({ plan: 'starter' });
  const member = await api.createUser(account.accountId, 'member');
  const requestId = await restrictionBy(account.accountId, member.userId);
  const audits = await countRows(api, 'audit_log', { account_id: account.accountId, action: 'settings.updated' });

  const response = await api.request('PATCH', '/v1/settings', {
    token: account.owner.token,
    body: { fullLogging: true },
  });
  assertApiError(response, 409, 'CONFLICT');
  assert.match((response.body as { error: { message: string } }).error.message, new RegExp(requestId));
  const get = await api.request<Settings>('GET', '/v1/settings', { token: account.owner.token });
  assert.equal(get.body.fullLogging, false);
  assert.equal(
    await countRows(api, 'audit_log', { account_id: account.accountId, action: 'settings.updated' }),
    audits,
  );
});

test('once the restriction is lifted, full logging can be turned on again', async () => {
  const account = await api.createAccount({ plan: 'starter' });
  const requestId = await restrictionBy(account.accountId, account.owner.userId);
  await api.stack.database
    .db('processing_restrictions')
    .where({ request_id: requestId })
    .update({ lifted_at: new Date() });
  const response = await api.request<Settings>('PATCH', '/v1/settings', {
    token: account.owner.token,
    body: { fullLogging: true },
  });
  assert.equal(response.status, 200);
  assert.equal(response.body.fullLogging, true);
});

test("another account's restriction does not stop this account's full logging", async () => {
  const restricted = await api.createAccount({ plan: 'starter' });
  await restrictionBy(restricted.accountId, restricted.owner.userId);
  const account = await api.createAccount({ plan: 'starter' });
  const response = await api.request<Settings>('PATCH', '/v1/settings', {
    token: account.owner.token,
    body: { fullLogging: true },
  });
  assert.equal(response.status, 200);
});
