import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { assertApiError, startTestApi, type TestAccount, type TestApi } from '../support/api';
import { startPrivacyWorker } from '../support/dsr-harness';
import { insertRequestLogRows } from '../support/request-log-rows';
import { createTimeSkippingEnvironment } from '../support/temporal';
import { csvRecordCount, readZip } from '../support/zip-reader';

interface ExportView {
  exportId: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: { rowsWritten: number; rowsTotal: number | null };
  downloadUrl?: string;
  expiresAt?: string;
}

let api: TestApi;
let env: TestWorkflowEnvironment;
let worker: { stop(): Promise<void> };

before(async () => {
  env = await createTimeSkippingEnvironment();
  api = await startTestApi({ temporal: () => Promise.resolve(env.client) });
  worker = await startPrivacyWorker(env, api.stack);
});

after(async () => {
  await worker?.stop();
  await api?.close();
  await env?.teardown();
});

const day = (d: number) => new Date(Date.UTC(2026, 10, d, 12));

async function seed(account: TestAccount): Promise<string[]> {
  return insertRequestLogRows(api.stack.database.db, api.stack.config.keys.master, [
    { accountId: account.accountId, createdAt: day(1), fullLog: { prompt: ['first prompt'], completion: 'one' } },
    { accountId: account.accountId, createdAt: day(10), fullLog: { prompt: ['second prompt'], completion: 'two' } },
    { accountId: account.accountId, createdAt: day(20) },
  ]);
}

async function finished(token: string, exportId: string): Promise<ExportView> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await api.request<ExportView>('GET', `/v1/logs/exports/${exportId}`, { token });
    assert.equal(response.status, 200, response.text);
    if (response.body.status === 'succeeded' || response.body.status === 'failed') return response.body;
    if (Date.now() > deadline) throw new Error(`export ${exportId} still ${response.body.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('an owner exports a range of metadata and full logs, polls progress and downloads the archive', async () => {
  const account = await api.createAccount({ plan: 'growth' });
  const [, second, third] = await seed(account);
  const token = account.owner.token;
  const started = await api.request<{ exportId: string; status: string }>('POST', '/v1/logs/exports', {
    token,
    body: { from: day(5).toISOString(), to: day(25).toISOString(), include: ['metadata', 'full'] },
  });
  assert.equal(started.status, 202, started.text);
  assert.equal(started.body.status, 'queued');
  const done = await finished(token, started.body.exportId);
  assert.equal(done.status, 'succeeded');
  // Two metadata rows and one full log in range, each as JSON and CSV.
  assert.deepEqual(done.progress, { rowsWritten: 6, rowsTotal: 6 });
  assert.ok(done.downloadUrl && done.expiresAt);
  const zip = await readZip(Buffer.from(await (await fetch(done.downloadUrl)).arrayBuffer()));
  const metadata = JSON.parse(zip.get('gateway_requests.json') ?? '[]') as Array<{ id: string }>;
  assert.deepEqual(metadata.map((r) => r.id).sort(), [second, third].sort());
  assert.equal(csvRecordCount(zip.get('gateway_requests.csv') ?? ''), 2);
  // Full logs stay sealed under the account's data key in the archive; the owner opens them through the API.
  const sealed = JSON.parse(zip.get('gateway_full_logs.json') ?? '[]') as unknown[];
  assert.equal(sealed.length, 1);
  assert.doesNotMatch(zip.get('gateway_full_logs.json') ?? '', /second prompt/);
  const opened = await api.request<{ entries: Array<{ prompt: string[] }> }>('POST', '/v1/exports/full-logs/open', {
    token,
    body: { entries: sealed },
  });
  assert.equal(opened.status, 200, opened.text);
  assert.deepEqual(
    opened.body.entries.map((r) => r.prompt),
    [['second prompt']],
  );
  const entry = await api.stack.database
    .db('audit_log')
    .where({ account_id: account.accountId, action: 'logs.export_requested', target_id: started.body.exportId })
    .first();
  assert.equal(entry?.actor_id, account.owner.userId);
  assert.doesNotMatch(JSON.stringify(entry), /prompt/);
});

test('without a range every row is exported, in the one format asked for', async () => {
  const account = await api.createAccount();
  await seed(account);
  const token = account.owner.token;
  const started = await api.request<{ exportId: string }>('POST', '/v1/logs/exports', {
    token,
    body: { formats: ['csv'] },
  });
  const done = await finished(token, started.body.exportId);
  assert.deepEqual(done.progress, { rowsWritten: 3, rowsTotal: 3 });
  const zip = await readZip(Buffer.from(await (await fetch(done.downloadUrl ?? '')).arrayBuffer()));
  assert.equal(csvRecordCount(zip.get('gateway_requests.csv') ?? ''), 3);
  assert.equal(zip.has('gateway_requests.json'), false);
  assert.equal(zip.has('gateway_full_logs.csv'), false);
});

test('bad ranges, formats and parts are 400s and start nothing', async () => {
  const account = await api.createAccount();
  const token = account.owner.token;
  for (const body of [
    { from: day(10).toISOString(), to: day(1).toISOString() },
    { from: 'last week' },
    { formats: [] },
    { formats: ['xml'] },
    { include: ['prompts'] },
  ])
    assertApiError(await api.request('POST', '/v1/logs/exports', { token, body }), 400, 'BAD_REQUEST');
  assert.equal((await api.stack.database.db('exports').where({ account_id: account.accountId })).length, 0);
});

test('only owners export; another account’s export is a 404; an unknown one too', async () => {
  const account = await api.createAccount();
  const other = await api.createAccount();
  const admin = await api.createUser(account.accountId, 'admin');
  const member = await api.createUser(account.accountId, 'member');
  assertApiError(await api.request('POST', '/v1/logs/exports', { body: {} }), 401, 'UNAUTHORIZED');
  for (const user of [admin, member])
    assertApiError(await api.request('POST', '/v1/logs/exports', { token: user.token, body: {} }), 403, 'FORBIDDEN');
  const started = await api.request<{ exportId: string }>('POST', '/v1/logs/exports', {
    token: account.owner.token,
    body: {},
  });
  assert.equal(started.status, 202);
  const path = `/v1/logs/exports/${started.body.exportId}`;
  assertApiError(await api.request('GET', path, { token: other.owner.token }), 404, 'NOT_FOUND');
  assertApiError(await api.request('GET', path, { token: admin.token }), 403, 'FORBIDDEN');
  assertApiError(await api.request('GET', path), 401, 'UNAUTHORIZED');
  assertApiError(
    await api.request('GET', '/v1/logs/exports/4d1c2b3a-5e6f-4a7b-8c9d-0e1f2a3b4c5d', { token: account.owner.token }),
    404,
    'NOT_FOUND',
  );
  await finished(account.owner.token, started.body.exportId);
});
