import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
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

interface KeyWithActivity extends Key {
  lastUsedAt: string | null;
  requestsLast30Days: number;
  requestsTotal: number;
  stale: boolean;
}

async function insertKey(accountId: string, values: { createdAt: Date; lastUsedAt?: Date; revokedAt?: Date }) {
  const id = randomUUID();
  await api.stack.database.db('api_keys').insert({
    id,
    account_id: accountId,
    name: 'activity',
    prefix: `act${id.slice(0, 9)}`,
    secret_hash: '0'.repeat(64),
    created_at: values.createdAt,
    last_used_at: values.lastUsedAt ?? null,
    revoked_at: values.revokedAt ?? null,
  });
  return id;
}

async function logRequests(accountId: string, keyId: string, at: Date, count: number) {
  await api.stack.database.db('gateway_requests').insert(
    Array.from({ length: count }, () => ({
      id: randomUUID(),
      created_at: at,
      account_id: accountId,
      api_key_id: keyId,
      endpoint: '/v1/chat/completions',
      provider: 'fake',
      model: 'fake-model',
      verdict: 'ALLOW',
      matched_rule_ids: [],
      prompt_tokens: 1,
      completion_tokens: 1,
      tokens_estimated: false,
      latency_ms: 3,
      status: 200,
      streamed: false,
      client_disconnected: false,
    })),
  );
}

const DAY_MS = 86_400_000;

test('the key list shows each key’s request counts from the usage record, over 30 days and in total', async () => {
  const own = await api.createAccount();
  const busy = await insertKey(own.accountId, { createdAt: new Date(Date.now() - 60 * DAY_MS) });
  const quiet = await insertKey(own.accountId, { createdAt: new Date(Date.now() - 60 * DAY_MS) });
  await logRequests(own.accountId, busy, new Date(Date.now() - 45 * DAY_MS), 4);
  await logRequests(own.accountId, busy, new Date(Date.now() - 2 * DAY_MS), 3);
  await logRequests(own.accountId, busy, new Date(), 2);
  const list = await api.request<{ keys: KeyWithActivity[] }>('GET', '/v1/api-keys', { token: own.owner.token });
  assert.equal(list.status, 200, list.text);
  const byId = new Map(list.body.keys.map((k) => [k.id, k]));
  assert.deepEqual([byId.get(busy)?.requestsLast30Days, byId.get(busy)?.requestsTotal], [5, 9]);
  assert.deepEqual([byId.get(quiet)?.requestsLast30Days, byId.get(quiet)?.requestsTotal], [0, 0]);
});

test('a key neither used nor created within API_KEY_STALE_AFTER_DAYS is flagged stale; used, new and revoked keys are not', async () => {
  const own = await api.createAccount();
  const old = new Date(Date.now() - 120 * DAY_MS);
  const neverUsed = await insertKey(own.accountId, { createdAt: old });
  const usedLongAgo = await insertKey(own.accountId, {
    createdAt: old,
    lastUsedAt: new Date(Date.now() - 91 * DAY_MS),
  });
  const usedYesterday = await insertKey(own.accountId, { createdAt: old, lastUsedAt: new Date(Date.now() - DAY_MS) });
  const brandNew = await insertKey(own.accountId, { createdAt: new Date() });
  const revoked = await insertKey(own.accountId, { createdAt: old, revokedAt: new Date(Date.now() - 100 * DAY_MS) });
  const list = await api.request<{ keys: KeyWithActivity[]; staleAfterDays: number }>(
    'GET',
    '/v1/api-keys?includeRevoked=true',
    { token: own.owner.token },
  );
  assert.equal(list.status, 200, list.text);
  assert.equal(list.body.staleAfterDays, 90);
  const stale = new Map(list.body.keys.map((k) => [k.id, k.stale]));
  assert.deepEqual(
    [neverUsed, usedLongAgo, usedYesterday, brandNew, revoked].map((id) => stale.get(id)),
    [true, true, false, false, false],
  );
});

test('the key list of one account counts nothing of another account’s keys', async () => {
  const mine = await api.createAccount();
  const theirs = await api.createAccount();
  const theirKey = await insertKey(theirs.accountId, { createdAt: new Date() });
  await logRequests(theirs.accountId, theirKey, new Date(), 3);
  const list = await api.request<{ keys: KeyWithActivity[] }>('GET', '/v1/api-keys', { token: mine.owner.token });
  assert.equal(list.status, 200);
  assert.ok(!list.body.keys.some((k) => k.id === theirKey));
});
