import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiKeySecretMatches, parseApiKey } from '../../platform/crypto/api-keys';
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

interface Key {
  id: string;
  prefix: string;
  revokedAt: string | null;
}

async function createKey(token: string, name = 'ci'): Promise<{ key: Key; apiKey: string }> {
  const response = await api.request<{ key: Key; apiKey: string }>('POST', '/v1/api-keys', { token, body: { name } });
  assert.equal(response.status, 201, response.text);
  return response.body;
}

test('creating a key shows the secret once; only its hash is stored; listings show the prefix', async () => {
  const created = await createKey(account.owner.token);
  const parsed = parseApiKey(created.apiKey);
  assert.ok(parsed);
  assert.equal(parsed.prefix, created.key.prefix);
  const row = await api.stack.database.db('api_keys').where({ id: created.key.id }).first<{ secret_hash: string }>();
  assert.ok(apiKeySecretMatches(parsed.secret, row.secret_hash));
  const list = await api.request<{ keys: Key[] }>('GET', '/v1/api-keys', { token: account.owner.token });
  assert.ok(list.body.keys.some((k) => k.id === created.key.id));
  assert.ok(!list.text.includes(parsed.secret));
  const entry = await api.stack.database
    .db('audit_log')
    .where({ action: 'api_key.created', target_id: created.key.id })
    .first<{ summary: object }>();
  assert.deepEqual(entry.summary, { prefix: created.key.prefix });
});

test('revoking a key takes effect, is audited once, and hides it from the default listing', async () => {
  const created = await createKey(account.owner.token);
  const revoked = await api.request<{ key: Key }>('DELETE', `/v1/api-keys/${created.key.id}`, {
    token: account.owner.token,
  });
  assert.equal(revoked.status, 200);
  assert.ok(revoked.body.key.revokedAt);
  assert.equal(
    (await api.request('DELETE', `/v1/api-keys/${created.key.id}`, { token: account.owner.token })).status,
    200,
  );
  assert.equal(await countRows(api, 'audit_log', { action: 'api_key.revoked', target_id: created.key.id }), 1);
  const list = await api.request<{ keys: Key[] }>('GET', '/v1/api-keys', { token: account.owner.token });
  assert.ok(!list.body.keys.some((k) => k.id === created.key.id));
  const all = await api.request<{ keys: Key[] }>('GET', '/v1/api-keys?includeRevoked=true', {
    token: account.owner.token,
  });
  assert.ok(all.body.keys.some((k) => k.id === created.key.id));
});

test('invalid input is a 400 and creates nothing', async () => {
  const before = await countRows(api, 'api_keys');
  assertApiError(
    await api.request('POST', '/v1/api-keys', { token: account.owner.token, body: { name: '' } }),
    400,
    'BAD_REQUEST',
  );
  assertApiError(
    await api.request('POST', '/v1/api-keys', { token: account.owner.token, body: {} }),
    400,
    'BAD_REQUEST',
  );
  // Postgres cannot store NUL in text: refused up front, not a 500 from the insert.
  const nul = await api.request('POST', '/v1/api-keys', { token: account.owner.token, body: { name: 'ci\u0000key' } });
  assertApiError(nul, 400, 'BAD_REQUEST');
  assert.match(nul.text, /body\.name: .*NUL/);
  assertApiError(
    await api.request('GET', '/v1/api-keys?includeRevoked=tr%00ue', { token: account.owner.token }),
    400,
    'BAD_REQUEST',
  );
  assertApiError(
    await api.request('GET', '/v1/api-keys?includeRevoked=maybe', { token: account.owner.token }),
    400,
    'BAD_REQUEST',
  );
  assert.equal(await countRows(api, 'api_keys'), before);
});

test('no session is a 401; members list keys but cannot create or revoke them', async () => {
  const member = await api.createUser(account.accountId, 'member');
  const created = await createKey(account.owner.token);
  assertApiError(await api.request('POST', '/v1/api-keys', { body: { name: 'x' } }), 401, 'UNAUTHORIZED');
  assertApiError(
    await api.request('POST', '/v1/api-keys', { token: member.token, body: { name: 'x' } }),
    403,
    'FORBIDDEN',
  );
  assertApiError(
    await api.request('DELETE', `/v1/api-keys/${created.key.id}`, { token: member.token }),
    403,
    'FORBIDDEN',
  );
  assert.equal((await api.request('GET', '/v1/api-keys', { token: member.token })).status, 200);
  const admin = await api.createUser(account.accountId, 'admin');
  await createKey(admin.token);
});

test("another account's key cannot be seen or revoked, and the answer is the same as for a key that does not exist", async () => {
  const other = await api.createAccount();
  const theirs = await createKey(other.owner.token);
  const response = await api.request('DELETE', `/v1/api-keys/${theirs.key.id}`, { token: account.owner.token });
  assertApiError(response, 404, 'NOT_FOUND');
  const missing = await api.request('DELETE', '/v1/api-keys/00000000-0000-4000-8000-000000000000', {
    token: account.owner.token,
  });
  assertApiError(missing, 404, 'NOT_FOUND');
  assert.equal(
    (response.body as { error: { message: string } }).error.message,
    (missing.body as { error: { message: string } }).error.message,
  );
  const row = await api.stack.database.db('api_keys').where({ id: theirs.key.id }).first<{ revoked_at: Date | null }>();
  assert.equal(row.revoked_at, null);
  const list = await api.request<{ keys: Key[] }>('GET', '/v1/api-keys', { token: account.owner.token });
  assert.ok(!list.body.keys.some((k) => k.id === theirs.key.id));
});
