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

interface PolicyBody {
  policy: { id: string; activeVersion: number | null };
  version: { version: number; rules: Array<{ id: string }> };
}

const rules = [
  { id: 'no-gpt3', type: 'model', mode: 'deny', models: ['gpt-3*'] },
  { id: 'emails', type: 'pii', entities: ['EMAIL'], action: 'redact' },
];

async function createPolicy(token: string, name: string): Promise<PolicyBody> {
  const response = await api.request<PolicyBody>('POST', '/v1/policies', { token, body: { name, rules } });
  assert.equal(response.status, 201, response.text);
  return response.body;
}

test('a policy is created at version 1, gets new versions, and can roll back; each step is audited', async () => {
  const created = await createPolicy(account.owner.token, 'default');
  assert.equal(created.policy.activeVersion, 1);
  const v2 = await api.request<PolicyBody>('POST', `/v1/policies/${created.policy.id}/versions`, {
    token: account.owner.token,
    body: { rules: [{ id: 'size', type: 'prompt_size', maxChars: 10000 }] },
  });
  assert.equal(v2.status, 201);
  assert.equal(v2.body.version.version, 2);
  assert.equal(v2.body.policy.activeVersion, 2);
  const rolledBack = await api.request<{ policy: { activeVersion: number } }>(
    'PUT',
    `/v1/policies/${created.policy.id}/active-version`,
    {
      token: account.owner.token,
      body: { version: 1 },
    },
  );
  assert.equal(rolledBack.body.policy.activeVersion, 1);
  const fetched = await api.request<{ versions: Array<{ version: number }> }>(
    'GET',
    `/v1/policies/${created.policy.id}`,
    { token: account.owner.token },
  );
  assert.deepEqual(
    fetched.body.versions.map((v) => v.version),
    [2, 1],
  );
  const actions = await api.stack.database
    .db('audit_log')
    .where({ target_id: created.policy.id })
    .orderBy('id')
    .pluck('action');
  assert.deepEqual(actions, ['policy.created', 'policy.version_created', 'policy.activated']);
  const list = await api.request<{ policies: Array<{ id: string }> }>('GET', '/v1/policies', {
    token: account.owner.token,
  });
  assert.ok(list.body.policies.some((p) => p.id === created.policy.id));
});

test('invalid rules (shared rule schema) are a 400 and store nothing', async () => {
  const before = [await countRows(api, 'policies'), await countRows(api, 'policy_versions')];
  const bad = [
    [{ id: 'r', type: 'regex', pattern: '(unclosed', action: 'block' }],
    [
      { id: 'dup', type: 'max_tokens', max: 5 },
      { id: 'dup', type: 'max_tokens', max: 6 },
    ],
    [{ id: 'x', type: 'teleport' }],
  ];
  for (const badRules of bad)
    assertApiError(
      await api.request('POST', '/v1/policies', { token: account.owner.token, body: { name: 'bad', rules: badRules } }),
      400,
      'BAD_REQUEST',
    );
  const policy = await createPolicy(account.owner.token, 'versioned');
  assertApiError(
    await api.request('POST', `/v1/policies/${policy.policy.id}/versions`, {
      token: account.owner.token,
      body: { rules: bad[0] },
    }),
    400,
    'BAD_REQUEST',
  );
  assertApiError(
    await api.request('PUT', `/v1/policies/${policy.policy.id}/active-version`, {
      token: account.owner.token,
      body: { version: 9 },
    }),
    404,
    'NOT_FOUND',
  );
  assertApiError(
    await api.request('POST', '/v1/policies', { token: account.owner.token, body: { name: 'versioned', rules } }),
    409,
    'CONFLICT',
  );
  assert.deepEqual(
    [await countRows(api, 'policies'), await countRows(api, 'policy_versions')],
    before.map((n) => n + 1),
  );
});

test('members read but cannot change policies; no session is a 401', async () => {
  const member = await api.createUser(account.accountId, 'member');
  const policy = await createPolicy(account.owner.token, 'member-test');
  assertApiError(await api.request('GET', '/v1/policies'), 401, 'UNAUTHORIZED');
  assert.equal((await api.request('GET', `/v1/policies/${policy.policy.id}`, { token: member.token })).status, 200);
  assertApiError(
    await api.request('POST', '/v1/policies', { token: member.token, body: { name: 'm', rules } }),
    403,
    'FORBIDDEN',
  );
  assertApiError(
    await api.request('POST', `/v1/policies/${policy.policy.id}/versions`, { token: member.token, body: { rules } }),
    403,
    'FORBIDDEN',
  );
});

test("another account's policy is a 404 for reading, versioning and activating, and stays unchanged", async () => {
  const other = await api.createAccount();
  const theirs = await createPolicy(other.owner.token, 'theirs');
  const token = account.owner.token;
  assertApiError(await api.request('GET', `/v1/policies/${theirs.policy.id}`, { token }), 404, 'NOT_FOUND');
  assertApiError(
    await api.request('POST', `/v1/policies/${theirs.policy.id}/versions`, { token, body: { rules } }),
    404,
    'NOT_FOUND',
  );
  assertApiError(
    await api.request('PUT', `/v1/policies/${theirs.policy.id}/active-version`, { token, body: { version: 1 } }),
    404,
    'NOT_FOUND',
  );
  assert.equal(await countRows(api, 'policy_versions', { policy_id: theirs.policy.id }), 1);
  const list = await api.request<{ policies: Array<{ id: string }> }>('GET', '/v1/policies', { token });
  assert.ok(!list.body.policies.some((p) => p.id === theirs.policy.id));
});
