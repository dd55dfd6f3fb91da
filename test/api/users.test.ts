import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertApiError, countRows, startTestApi, type TestAccount, type TestApi } from '../support/api';

let api: TestApi;
let account: TestAccount;

before(async () => {
  api = await startTestApi();
  account = await api.createAccount();
});

after(async () => {
  await api?.close();
});

const newUser = (email: string, role: string) => ({ name: 'Grace', email, password: 'a long enough password', role });

test('an owner adds a user with a role, lists users and changes the role, each audited', async () => {
  const created = await api.request<{ user: { id: string; role: string } }>('POST', '/v1/users', {
    token: account.owner.token,
    body: newUser('grace@acme.test', 'member'),
  });
  assert.equal(created.status, 201);
  const login = await api.request('POST', '/v1/auth/login', {
    body: { email: 'grace@acme.test', password: 'a long enough password' },
  });
  assert.equal(login.status, 200);
  const list = await api.request<{ users: Array<{ id: string }> }>('GET', '/v1/users', { token: account.owner.token });
  assert.ok(list.body.users.some((u) => u.id === created.body.user.id));
  const changed = await api.request<{ user: { role: string } }>('PUT', `/v1/users/${created.body.user.id}/role`, {
    token: account.owner.token,
    body: { role: 'admin' },
  });
  assert.equal(changed.body.user.role, 'admin');
  assert.equal(await countRows(api, 'audit_log', { target_id: created.body.user.id }), 2);
});

test('invalid input is a 400 and the last owner cannot be demoted (409); nothing changes', async () => {
  const before = await countRows(api, 'users');
  assertApiError(
    await api.request('POST', '/v1/users', { token: account.owner.token, body: newUser('x@acme.test', 'king') }),
    400,
    'BAD_REQUEST',
  );
  assert.equal(await countRows(api, 'users'), before);
  assertApiError(
    await api.request('PUT', `/v1/users/${account.owner.userId}/role`, {
      token: account.owner.token,
      body: { role: 'member' },
    }),
    409,
    'CONFLICT',
  );
  const owner = await api.stack.database.db('users').where({ id: account.owner.userId }).first<{ role: string }>();
  assert.equal(owner.role, 'owner');
});

test('members cannot manage users, admins cannot add owners or change roles, and other accounts are invisible', async () => {
  const member = await api.createUser(account.accountId, 'member');
  const admin = await api.createUser(account.accountId, 'admin');
  assertApiError(await api.request('GET', '/v1/users'), 401, 'UNAUTHORIZED');
  assertApiError(await api.request('GET', '/v1/users', { token: member.token }), 403, 'FORBIDDEN');
  assertApiError(
    await api.request('POST', '/v1/users', { token: admin.token, body: newUser('o@acme.test', 'owner') }),
    403,
    'FORBIDDEN',
  );
  assertApiError(
    await api.request('PUT', `/v1/users/${member.userId}/role`, { token: admin.token, body: { role: 'admin' } }),
    403,
    'FORBIDDEN',
  );
  const other = await api.createAccount();
  assertApiError(
    await api.request('PUT', `/v1/users/${other.owner.userId}/role`, {
      token: account.owner.token,
      body: { role: 'member' },
    }),
    404,
    'NOT_FOUND',
  );
  const list = await api.request<{ users: Array<{ id: string }> }>('GET', '/v1/users', { token: account.owner.token });
  assert.ok(!list.body.users.some((u) => u.id === other.owner.userId));
});
