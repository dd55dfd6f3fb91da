import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertApiError, countRows, startTestApi, type TestAccount, type TestApi } from '../support/api';
import { insertGatewayRequest } from '../support/gateway-rows';

let api: TestApi;

before(async () => {
  api = await startTestApi();
});

after(async () => {
  await api?.close();
});

async function seed(account: TestAccount): Promise<void> {
  for (const at of ['2026-11-01T00:00:00Z', '2026-11-10T12:00:00Z', '2026-11-20T23:00:00Z'])
    await insertGatewayRequest(api.stack.database.db, {
      accountId: account.accountId,
      createdAt: new Date(at),
      fullLog: true,
    });
}

test('an owner deletes a date range of metadata and full logs at once, with one audit entry', async () => {
  const account = await api.createAccount({ plan: 'growth' });
  const other = await api.createAccount({ plan: 'growth' });
  await seed(account);
  await seed(other);
  const response = await api.request<{ deletedRequests: number; deletedFullLogs: number }>(
    'DELETE',
    '/v1/logs?from=2026-11-05T00:00:00Z&to=2026-11-21T00:00:00Z',
    { token: account.owner.token },
  );
  assert.equal(response.status, 200);
  assert.deepEqual(response.body, { deletedRequests: 2, deletedFullLogs: 2 });
  assert.equal(await countRows(api, 'gateway_requests', { account_id: account.accountId }), 1);
  assert.equal(await countRows(api, 'gateway_full_logs', { account_id: account.accountId }), 1);
  assert.equal(await countRows(api, 'gateway_requests', { account_id: other.accountId }), 3);
  const entry = await api.stack.database
    .db('audit_log')
    .where({ account_id: account.accountId, action: 'logs.deleted' })
    .first<{ summary: Record<string, unknown> }>();
  assert.equal(entry.summary.deletedRequests, 2);
  const all = await api.request<{ deletedRequests: number }>('DELETE', '/v1/logs', { token: account.owner.token });
  assert.equal(all.body.deletedRequests, 1);
  assert.equal(await countRows(api, 'gateway_full_logs', { account_id: account.accountId }), 0);
});

test('a bad range is a 400 and deletes nothing', async () => {
  const account = await api.createAccount();
  await seed(account);
  const token = account.owner.token;
  assertApiError(
    await api.request('DELETE', '/v1/logs?from=2026-11-21T00:00:00Z&to=2026-11-01T00:00:00Z', { token }),
    400,
    'BAD_REQUEST',
  );
  assertApiError(await api.request('DELETE', '/v1/logs?from=last-week', { token }), 400, 'BAD_REQUEST');
  assert.equal(await countRows(api, 'gateway_requests', { account_id: account.accountId }), 3);
});

test('only owners delete logs; no session is a 401; nothing is deleted', async () => {
  const account = await api.createAccount();
  await seed(account);
  const admin = await api.createUser(account.accountId, 'admin');
  assertApiError(await api.request('DELETE', '/v1/logs'), 401, 'UNAUTHORIZED');
  assertApiError(await api.request('DELETE', '/v1/logs', { token: admin.token }), 403, 'FORBIDDEN');
  assert.equal(await countRows(api, 'gateway_requests', { account_id: account.accountId }), 3);
});
