import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertApiError, startTestApi, type TestApi } from '../support/api';
import { insertApiKey, insertRequestLogRows, type RequestLogRowInput } from '../support/request-log-rows';

interface Point {
  start: string;
  requests: number;
  blocked: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
}
interface Series {
  range: string;
  bucket: string;
  series: Array<{ key: string | null; label: string; points: Point[] }>;
}

let api: TestApi;

before(async () => {
  api = await startTestApi();
});

after(async () => {
  await api?.close();
});

const HOUR = 3_600_000;
/** Ten minutes into the hour `hoursAgo` hours before the current one, so the rows' bucket is known. */
const inHour = (hoursAgo: number) => new Date(Math.floor(Date.now() / HOUR) * HOUR - hoursAgo * HOUR + 600_000);

function insert(rows: RequestLogRowInput[]): Promise<string[]> {
  return insertRequestLogRows(api.stack.database.db, api.stack.config.keys.master, rows);
}

async function series(token: string, query: string): Promise<Series> {
  const response = await api.request<Series>('GET', `/v1/usage/series${query}`, { token });
  assert.equal(response.status, 200, response.text);
  return response.body;
}

test('the 24-hour series counts requests, blocks, errors, tokens and latency percentiles per hour', async () => {
  const account = await api.createAccount();
  const ms = [10, 20, 30, 40, 50, 60, 70, 80, 90, 2_000];
  await insert([
    ...ms.map((latencyMs) => ({ accountId: account.accountId, createdAt: inHour(2), latencyMs, promptTokens: 5 })),
    { accountId: account.accountId, createdAt: inHour(2), verdict: 'BLOCK', status: 403, latencyMs: 1 },
    { accountId: account.accountId, createdAt: inHour(2), status: 502, latencyMs: 30 },
  ]);
  const body = await series(account.owner.token, '?range=24h');
  assert.equal(body.bucket, 'hour');
  assert.equal(body.series.length, 1);
  const points = body.series[0]?.points ?? [];
  assert.equal(points.length, 24);
  assert.equal(new Date(points[23]?.start ?? '').getTime(), Math.floor(Date.now() / HOUR) * HOUR);
  const busy = points.find((p) => p.requests > 0);
  assert.ok(busy);
  assert.equal(busy.start, new Date(Math.floor(inHour(2).getTime() / HOUR) * HOUR).toISOString());
  assert.equal(busy.requests, 12);
  assert.equal(busy.blocked, 1);
  assert.equal(busy.errors, 1);
  assert.equal(busy.promptTokens, 50 + 10 + 10);
  assert.equal(busy.completionTokens, 12 * 20);
  // Twelve latencies (1, 10, 20, 30, 30, 40, 50 … 90, 2000): the median falls in the 25–50 ms bucket, the 95th
  // percentile in the bucket of the 2-second row.
  assert.ok(
    busy.latencyP50Ms !== null && busy.latencyP50Ms >= 25 && busy.latencyP50Ms <= 50,
    String(busy.latencyP50Ms),
  );
  assert.ok(busy.latencyP95Ms !== null && busy.latencyP95Ms >= 2_000 && busy.latencyP95Ms <= 3_000);
  assert.ok(points.filter((p) => p !== busy).every((p) => p.requests === 0 && p.latencyP50Ms === null));
});

test('series group by model and by key, labelled, the busiest first', async () => {
  const account = await api.createAccount();
  const key = await insertApiKey(api.stack.database.db, account.accountId, 'backend');
  await insert([
    { accountId: account.accountId, createdAt: inHour(1), model: 'gpt-4o', apiKeyId: key.id },
    { accountId: account.accountId, createdAt: inHour(1), model: 'gpt-4o', apiKeyId: key.id },
    { accountId: account.accountId, createdAt: inHour(30), model: 'claude-3-5-haiku' },
  ]);
  const byModel = await series(account.owner.token, '?range=7d&groupBy=model');
  assert.equal(byModel.bucket, 'hour');
  assert.deepEqual(
    byModel.series.map((s) => [s.key, s.label, s.points.reduce((n, p) => n + p.requests, 0)]),
    [
      ['gpt-4o', 'gpt-4o', 2],
      ['claude-3-5-haiku', 'claude-3-5-haiku', 1],
    ],
  );
  const byKey = await series(account.owner.token, '?range=30d&groupBy=key');
  assert.equal(byKey.bucket, 'day');
  assert.equal(byKey.series[0]?.points.length, 30);
  assert.deepEqual(
    byKey.series.map((s) => [s.key, s.label]),
    [
      [key.id, `backend (${key.prefix})`],
      [null, 'No key'],
    ],
  );
});

test('the 90-day series has one point per UTC day and counts rows of every partition', async () => {
  const account = await api.createAccount();
  await insert([
    { accountId: account.accountId, createdAt: inHour(24 * 80) },
    { accountId: account.accountId, createdAt: inHour(0) },
  ]);
  const body = await series(account.owner.token, '?range=90d');
  const points = body.series[0]?.points ?? [];
  assert.equal(points.length, 90);
  assert.ok(points.every((p) => p.start.endsWith('T00:00:00.000Z')));
  assert.equal(
    points.reduce((n, p) => n + p.requests, 0),
    2,
  );
});

test('an account without traffic gets one series of zeros', async () => {
  const account = await api.createAccount();
  const body = await series(account.owner.token, '');
  assert.equal(body.range, '7d');
  assert.equal(body.series.length, 1);
  assert.ok(body.series[0]?.points.every((p) => p.requests === 0));
});

test('another account’s traffic never shows in a series', async () => {
  const mine = await api.createAccount();
  const theirs = await api.createAccount();
  await insert([{ accountId: theirs.accountId, createdAt: inHour(1), model: 'their-model' }]);
  const body = await series(mine.owner.token, '?range=24h&groupBy=model');
  assert.deepEqual(body.series, []);
});

test('members read usage; a bad range or grouping is a 400; no session is a 401', async () => {
  const account = await api.createAccount();
  const member = await api.createUser(account.accountId, 'member');
  await series(member.token, '?range=24h');
  assertApiError(await api.request('GET', '/v1/usage/series?range=1y', { token: member.token }), 400, 'BAD_REQUEST');
  assertApiError(
    await api.request('GET', '/v1/usage/series?groupBy=user', { token: member.token }),
    400,
    'BAD_REQUEST',
  );
  assertApiError(await api.request('GET', '/v1/usage/series'), 401, 'UNAUTHORIZED');
});
