import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertApiError, startTestApi, type TestAccount, type TestApi } from '../support/api';
import { insertGatewayRequest } from '../support/gateway-rows';

let api: TestApi;
let account: TestAccount;
let other: TestAccount;

interface Usage {
  rows: Array<{
    day: string;
    model: string;
    requests: number;
    blocked: number;
    promptTokens: number;
    completionTokens: number;
  }>;
  totals: {
    requests: number;
    promptTokens: number;
    completionTokens: number;
    costMicroUsd: number;
    unpricedRequests: number;
  };
}

before(async () => {
  api = await startTestApi();
  account = await api.createAccount();
  other = await api.createAccount();
  const db = api.stack.database.db;
  await insertGatewayRequest(db, {
    accountId: account.accountId,
    createdAt: new Date('2026-11-20T10:00:00Z'),
    model: 'gpt-4o',
  });
  await insertGatewayRequest(db, {
    accountId: account.accountId,
    createdAt: new Date('2026-11-20T23:59:59Z'),
    model: 'gpt-4o',
    verdict: 'BLOCK',
  });
  await insertGatewayRequest(db, {
    accountId: account.accountId,
    createdAt: new Date('2026-11-21T00:00:00Z'),
    model: 'claude-sonnet',
    promptTokens: 5,
    completionTokens: 7,
  });
  await insertGatewayRequest(db, {
    accountId: other.accountId,
    createdAt: new Date('2026-11-20T12:00:00Z'),
    model: 'gpt-4o',
  });
});

after(async () => {
  await api?.close();
});

test('usage counts requests and tokens by UTC day and model, for the caller’s account only', async () => {
  const response = await api.request<Usage>('GET', '/v1/usage?from=2026-11-19&to=2026-11-21', {
    token: account.owner.token,
  });
  assert.equal(response.status, 200);
  assert.deepEqual(response.body.rows, [
    // Rows without a cost: their models had no price.
    {
      day: '2026-11-20',
      model: 'gpt-4o',
      requests: 2,
      blocked: 1,
      promptTokens: 20,
      completionTokens: 40,
      costMicroUsd: 0,
      unpricedRequests: 2,
    },
    {
      day: '2026-11-21',
      model: 'claude-sonnet',
      requests: 1,
      blocked: 0,
      promptTokens: 5,
      completionTokens: 7,
      costMicroUsd: 0,
      unpricedRequests: 1,
    },
  ]);
  assert.deepEqual(response.body.totals, {
    requests: 3,
    promptTokens: 25,
    completionTokens: 47,
    costMicroUsd: 0,
    unpricedRequests: 3,
  });
  const theirs = await api.request<Usage>('GET', '/v1/usage?from=2026-11-19&to=2026-11-21', {
    token: other.owner.token,
  });
  assert.equal(theirs.body.totals.requests, 1);
});

test('bad ranges are a 400', async () => {
  const token = account.owner.token;
  assertApiError(await api.request('GET', '/v1/usage?from=2026-11-22&to=2026-11-21', { token }), 400, 'BAD_REQUEST');
  assertApiError(await api.request('GET', '/v1/usage?from=yesterday', { token }), 400, 'BAD_REQUEST');
  assertApiError(await api.request('GET', '/v1/usage?from=2024-01-01&to=2026-11-21', { token }), 400, 'BAD_REQUEST');
});

test('usage needs a session of an account user (members included, operators not)', async () => {
  assertApiError(await api.request('GET', '/v1/usage'), 401, 'UNAUTHORIZED');
  const member = await api.createUser(account.accountId, 'member');
  assert.equal((await api.request('GET', '/v1/usage', { token: member.token })).status, 200);
  const operator = await api.createOperator();
  assertApiError(await api.request('GET', '/v1/usage', { token: operator.token }), 403, 'FORBIDDEN');
});
