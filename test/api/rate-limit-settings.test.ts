import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertApiError, countRows, startTestApi, type TestApi } from '../support/api';

let api: TestApi;

before(async () => {
  api = await startTestApi();
});

after(async () => {
  await api?.close();
});

interface Limits {
  requestsPerMinute: number;
  tokensPerMinute: number;
  concurrentRequests: number;
}
interface Settings {
  rateLimits: { account: Limits; perKey: Limits; ceiling: Limits };
}

test("the settings show the plan's default limits for the account and each key", async () => {
  const account = await api.createAccount({ plan: 'free' });
  const response = await api.request<Settings>('GET', '/v1/settings', { token: account.owner.token });
  assert.equal(response.status, 200);
  const free = { requestsPerMinute: 60, tokensPerMinute: 40_000, concurrentRequests: 5 };
  assert.deepEqual(response.body.rateLimits, { account: free, perKey: free, ceiling: free });
});

test('an owner lowers a key limit; the change is audited; null puts the default back', async () => {
  const account = await api.createAccount({ plan: 'growth' });
  const lowered = await api.request<Settings>('PATCH', '/v1/settings', {
    token: account.owner.token,
    body: { rateLimits: { perKey: { requestsPerMinute: 100 } } },
  });
  assert.equal(lowered.status, 200, lowered.text);
  assert.equal(lowered.body.rateLimits.perKey.requestsPerMinute, 100);
  assert.equal(lowered.body.rateLimits.account.requestsPerMinute, 3_000);
  const entry = await api.stack.database
    .db('audit_log')
    .where({ account_id: account.accountId, action: 'settings.updated' })
    .first<{ summary: object }>();
  assert.deepEqual(entry.summary, {
    changes: { rateLimits: { from: null, to: { perKey: { requestsPerMinute: 100 } } } },
  });
  const restored = await api.request<Settings>('PATCH', '/v1/settings', {
    token: account.owner.token,
    body: { rateLimits: { perKey: { requestsPerMinute: null } } },
  });
  assert.equal(restored.body.rateLimits.perKey.requestsPerMinute, 3_000);
});

test("a limit above the plan's ceiling is a 400 and changes nothing; Enterprise may raise its own", async () => {
  const growth = await api.createAccount({ plan: 'growth' });
  const before = await countRows(api, 'audit_log', { account_id: growth.accountId });
  const refused = await api.request<{ error: { message: string } }>('PATCH', '/v1/settings', {
    token: growth.owner.token,
    body: { rateLimits: { account: { requestsPerMinute: 3_001 } } },
  });
  assertApiError(refused, 400, 'BAD_REQUEST');
  assert.match(refused.body.error.message, /at most 3000 on the growth plan/);
  assert.equal(await countRows(api, 'audit_log', { account_id: growth.accountId }), before);
  const enterprise = await api.createAccount({ plan: 'enterprise' });
  const raised = await api.request<Settings>('PATCH', '/v1/settings', {
    token: enterprise.owner.token,
    body: { rateLimits: { account: { requestsPerMinute: 50_000 } } },
  });
  assert.equal(raised.body.rateLimits.account.requestsPerMinute, 50_000);
});

test('members cannot change limits', async () => {
  const account = await api.createAccount({ plan: 'growth' });
  const member = await api.createUser(account.accountId, 'member');
  assertApiError(
    await api.request('PATCH', '/v1/settings', {
      token: member.token,
      body: { rateLimits: { perKey: { requestsPerMinute: 10 } } },
    }),
    403,
    'FORBIDDEN',
  );
});
