import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { submitMemberRequest } from '../../platform/data-subject-requests/requests';
import { assertApiError, startTestApi, type TestAccount, type TestApi } from '../support/api';

let api: TestApi;

before(async () => {
  api = await startTestApi();
});

after(async () => {
  await api.close();
});

async function fileRequest(account: TestAccount, userId: string, type: 'access' | 'erasure', now: Date) {
  return submitMemberRequest(api.stack.database.db, {
    accountId: account.accountId,
    userId,
    type,
    jurisdiction: 'gdpr',
    now,
  });
}

test('a user lists their own privacy requests, newest first, with the dates they are due', async () => {
  const account = await api.createAccount();
  const older = await fileRequest(account, account.owner.userId, 'access', new Date(Date.now() - 86_400_000));
  const newer = await fileRequest(account, account.owner.userId, 'erasure', new Date());
  const response = await api.request<{ requests: Array<{ id: string; type: string; legalDueAt: string }> }>(
    'GET',
    '/v1/data-subject-requests',
    { token: account.owner.token },
  );
  assert.equal(response.status, 200);
  assert.deepEqual(
    response.body.requests.map((r) => r.id),
    [newer.id, older.id],
  );
  assert.ok(response.body.requests.every((r) => !Number.isNaN(Date.parse(r.legalDueAt))));
});

test("another member's requests are not in the list", async () => {
  const account = await api.createAccount();
  const member = await api.createUser(account.accountId, 'member');
  await fileRequest(account, account.owner.userId, 'access', new Date());
  const response = await api.request<{ requests: unknown[] }>('GET', '/v1/data-subject-requests', {
    token: member.token,
  });
  assert.equal(response.status, 200);
  assert.deepEqual(response.body.requests, []);
});

test('the list needs a session', async () => {
  assertApiError(await api.request('GET', '/v1/data-subject-requests'), 401, 'UNAUTHORIZED');
});
