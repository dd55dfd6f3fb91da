import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertApiError, startTestApi, type TestAccount, type TestApi } from '../support/api';
import { insertApiKey, insertRequestLogRows, type RequestLogRowInput } from '../support/request-log-rows';

interface Entry {
  id: string;
  createdAt: string;
  keyId: string | null;
  keyPrefix: string | null;
  provider: string;
  model: string;
  verdict: string;
  matchedRuleIds: string[];
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  status: number;
  hasFullLog: boolean;
  route: unknown;
}
interface Page {
  data: Entry[];
  nextCursor: string | null;
}

let api: TestApi;

before(async () => {
  api = await startTestApi();
});

after(async () => {
  await api?.close();
});

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

function insert(rows: RequestLogRowInput[]): Promise<string[]> {
  return insertRequestLogRows(api.stack.database.db, api.stack.config.keys.master, rows);
}

async function list(token: string, query = ''): Promise<Page> {
  const response = await api.request<Page>('GET', `/v1/logs/requests${query}`, { token });
  assert.equal(response.status, 200, response.text);
  return response.body;
}

test('the log lists the account’s requests newest first with key prefix, verdict, rules, tokens and full-log flag', async () => {
  const account = await api.createAccount({ plan: 'growth' });
  const key = await insertApiKey(api.stack.database.db, account.accountId, 'ci');
  const [older, newer] = await insert([
    { accountId: account.accountId, createdAt: minutesAgo(10), apiKeyId: key.id, latencyMs: 40 },
    {
      accountId: account.accountId,
      createdAt: minutesAgo(5),
      apiKeyId: key.id,
      model: 'claude-3-5-haiku',
      verdict: 'BLOCK',
      matchedRuleIds: ['deny-ssn'],
      status: 403,
      promptTokens: 7,
      completionTokens: 0,
      latencyMs: 3,
      fullLog: { prompt: ['my SSN is 078-05-1120'], completion: '' },
    },
  ]);
  const page = await list(account.owner.token);
  assert.deepEqual(
    page.data.map((e) => e.id),
    [newer, older],
  );
  assert.deepEqual(page.data[0], {
    id: newer,
    createdAt: page.data[0]?.createdAt,
    keyId: key.id,
    keyPrefix: key.prefix,
    provider: 'openai',
    model: 'claude-3-5-haiku',
    verdict: 'BLOCK',
    matchedRuleIds: ['deny-ssn'],
    promptTokens: 7,
    completionTokens: 0,
    latencyMs: 3,
    status: 403,
    hasFullLog: true,
    route: null,
  });
  assert.equal(page.data[1]?.hasFullLog, false);
  assert.equal(page.nextCursor, null);
  assert.doesNotMatch(JSON.stringify(page), /078-05-1120/);
});

test('cursor paging walks every row once, ties on the same instant included', async () => {
  const account = await api.createAccount();
  const at = minutesAgo(3);
  const ids = await insert(
    Array.from({ length: 5 }, (_, i) => ({ accountId: account.accountId, createdAt: i < 3 ? at : minutesAgo(4 + i) })),
  );
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: Page = await list(account.owner.token, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    seen.push(...page.data.map((e) => e.id));
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  assert.equal(pages, 3);
  assert.deepEqual([...seen].sort(), [...ids].sort());
  const times = seen.map((id) => ids.indexOf(id));
  assert.deepEqual(times.slice(3), [3, 4], 'the older rows come last');
});

test('each filter narrows the log: time range, key, model, verdict, rule and status', async () => {
  const account = await api.createAccount();
  const keyA = await insertApiKey(api.stack.database.db, account.accountId, 'a');
  const keyB = await insertApiKey(api.stack.database.db, account.accountId, 'b');
  const [early, byB, blocked, failed] = await insert([
    { accountId: account.accountId, createdAt: minutesAgo(120), apiKeyId: keyA.id },
    { accountId: account.accountId, createdAt: minutesAgo(30), apiKeyId: keyB.id, model: 'gpt-4o-mini' },
    {
      accountId: account.accountId,
      createdAt: minutesAgo(20),
      apiKeyId: keyA.id,
      verdict: 'BLOCK',
      matchedRuleIds: ['deny-ssn', 'size'],
      status: 403,
    },
    { accountId: account.accountId, createdAt: minutesAgo(10), apiKeyId: keyA.id, status: 502 },
  ]);
  const token = account.owner.token;
  const ids = async (query: string) => (await list(token, query)).data.map((e) => e.id);
  const from = encodeURIComponent(minutesAgo(60).toISOString());
  const to = encodeURIComponent(minutesAgo(15).toISOString());
  assert.deepEqual(await ids(`?from=${from}&to=${to}`), [blocked, byB]);
  assert.deepEqual(await ids(`?keyId=${keyB.id}`), [byB]);
  assert.deepEqual(await ids('?model=gpt-4o-mini'), [byB]);
  assert.deepEqual(await ids('?verdict=BLOCK'), [blocked]);
  assert.deepEqual(await ids('?verdict=ALLOW'), [failed, byB, early]);
  assert.deepEqual(await ids('?ruleId=size'), [blocked]);
  assert.deepEqual(await ids('?status=502'), [failed]);
  assert.deepEqual(await ids(`?keyId=${keyA.id}&status=200`), [early]);
});

test('bad filters, limits and cursors are 400s', async () => {
  const account = await api.createAccount();
  const token = account.owner.token;
  for (const query of [
    '?from=2026-11-21T00:00:00Z&to=2026-11-01T00:00:00Z',
    '?from=yesterday',
    '?limit=0',
    '?limit=201',
    '?verdict=MAYBE',
    '?status=99',
    '?keyId=not-a-uuid',
    '?ruleId=a%20b',
    '?cursor=not-a-cursor',
    `?cursor=${Buffer.from('["2026-12-01T00:00:00Z","x"]').toString('base64url')}`,
  ])
    assertApiError(await api.request('GET', `/v1/logs/requests${query}`, { token }), 400, 'BAD_REQUEST');
});

test('another account’s requests are never listed, read or decrypted', async () => {
  const mine = await api.createAccount({ plan: 'growth' });
  const theirs = await api.createAccount({ plan: 'growth' });
  const [own] = await insert([{ accountId: mine.accountId, createdAt: minutesAgo(2) }]);
  const [foreign] = await insert([
    { accountId: theirs.accountId, createdAt: minutesAgo(1), fullLog: { prompt: ['secret plan'], completion: 'ok' } },
  ]);
  assert.deepEqual(
    (await list(mine.owner.token)).data.map((e) => e.id),
    [own],
  );
  const token = mine.owner.token;
  assertApiError(await api.request('GET', `/v1/logs/requests/${foreign}`, { token }), 404, 'NOT_FOUND');
  assertApiError(await api.request('GET', `/v1/logs/requests/${foreign}/full-log`, { token }), 404, 'NOT_FOUND');
  assert.equal(await fullLogReads(mine), 0);
});

test('members, unauthenticated callers and operators may not read the log', async () => {
  const account = await api.createAccount();
  const [id] = await insert([{ accountId: account.accountId, createdAt: minutesAgo(1) }]);
  const member = await api.createUser(account.accountId, 'member');
  const operator = await api.createOperator();
  for (const path of ['/v1/logs/requests', `/v1/logs/requests/${id}`, `/v1/logs/requests/${id}/full-log`]) {
    assertApiError(await api.request('GET', path), 401, 'UNAUTHORIZED');
    assertApiError(await api.request('GET', path, { token: member.token }), 403, 'FORBIDDEN');
    assertApiError(await api.request('GET', path, { token: operator.token }), 403, 'FORBIDDEN');
  }
});

test('one request reads by its ID; an unknown ID is a 404', async () => {
  const account = await api.createAccount();
  const admin = await api.createUser(account.accountId, 'admin');
  const [id] = await insert([{ accountId: account.accountId, createdAt: minutesAgo(1), model: 'gpt-4.1' }]);
  const response = await api.request<Entry>('GET', `/v1/logs/requests/${id}`, { token: admin.token });
  assert.equal(response.status, 200);
  assert.equal(response.body.id, id);
  assert.equal(response.body.model, 'gpt-4.1');
  assertApiError(
    await api.request('GET', '/v1/logs/requests/9b2f8a4e-0c1d-4e5f-8a9b-0c1d2e3f4a5b', { token: admin.token }),
    404,
    'NOT_FOUND',
  );
});

async function fullLogReads(account: TestAccount): Promise<number> {
  const rows = await api.stack.database
    .db('audit_log')
    .where({ account_id: account.accountId, action: 'logs.full_log_read' });
  return rows.length;
}

test('a full log is decrypted on demand and each read leaves an audit entry without its content', async () => {
  const account = await api.createAccount({ plan: 'growth' });
  const admin = await api.createUser(account.accountId, 'admin');
  const [id] = await insert([
    {
      accountId: account.accountId,
      createdAt: minutesAgo(1),
      fullLog: { prompt: ['Summarise: the launch is on Friday'], completion: 'Launch Friday.' },
    },
  ]);
  for (const token of [account.owner.token, admin.token]) {
    const response = await api.request<{ requestId: string; prompt: string[]; completion: string }>(
      'GET',
      `/v1/logs/requests/${id}/full-log`,
      { token },
    );
    assert.equal(response.status, 200);
    assert.deepEqual(response.body.prompt, ['Summarise: the launch is on Friday']);
    assert.equal(response.body.completion, 'Launch Friday.');
  }
  const entries = await api.stack.database
    .db('audit_log')
    .where({ account_id: account.accountId, action: 'logs.full_log_read' })
    .orderBy('id');
  assert.deepEqual(
    entries.map((e) => [e.actor_id, e.target_type, e.target_id]),
    [
      [account.owner.userId, 'gateway_request', id],
      [admin.userId, 'gateway_request', id],
    ],
  );
  assert.doesNotMatch(JSON.stringify(entries), /launch|Launch/);
});

test('a request without a full log, or whose data key is shredded, is a 404 and records no read', async () => {
  const account = await api.createAccount({ plan: 'growth' });
  const [plain, sealed] = await insert([
    { accountId: account.accountId, createdAt: minutesAgo(2) },
    { accountId: account.accountId, createdAt: minutesAgo(1), fullLog: { prompt: ['hello'], completion: 'hi' } },
  ]);
  const token = account.owner.token;
  assertApiError(await api.request('GET', `/v1/logs/requests/${plain}/full-log`, { token }), 404, 'NOT_FOUND');
  await api.stack.database.db('accounts').where({ id: account.accountId }).update({ data_key_wrapped: null });
  assertApiError(await api.request('GET', `/v1/logs/requests/${sealed}/full-log`, { token }), 404, 'NOT_FOUND');
  assert.equal(await fullLogReads(account), 0);
});
