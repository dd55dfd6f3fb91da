import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createSubjectDownloadToken } from '../../platform/exports/export-download-links';
import { createExportRecord, runExport, type NewExport } from '../../platform/exports/export-runs';
import { submitMemberRequest } from '../../platform/data-subject-requests/requests';
import { assertApiError, startTestApi, type TestAccount, type TestApi } from '../support/api';
import { readZip } from '../support/zip-reader';

let api: TestApi;
let account: TestAccount;

before(async () => {
  api = await startTestApi();
  account = await api.createAccount();
});

after(async () => {
  await api?.close();
});

interface Link {
  url: string;
  expiresAt: string;
}

/** A finished export with a real archive in the account's bucket (one small category, to stay quick). */
async function finishedExport(input: Omit<NewExport, 'region'>): Promise<string> {
  const record = await createExportRecord(api.stack.database.db, { region: 'eu', ...input });
  await runExport(api.stack.deps, { exportId: record.id, categories: ['account'] });
  return record.id;
}

const linkPath = (exportId: string) => `/v1/exports/${exportId}/download-link`;

async function linksIssued(exportId: string): Promise<number> {
  return (await api.stack.database.db('audit_log').where({ action: 'export.link_issued', target_id: exportId })).length;
}

test('an owner gets a one-hour link that downloads the archive, and the issue is on record', async () => {
  const exportId = await finishedExport({ accountId: account.accountId, kind: 'owner' });
  const before = Date.now();
  const answer = await api.request<Link>('POST', linkPath(exportId), { token: account.owner.token });
  assert.equal(answer.status, 200);
  assert.match(answer.body.url, /X-Amz-Expires=3600(&|$)/);
  const expiresAt = Date.parse(answer.body.expiresAt);
  assert.ok(expiresAt >= before + 3_599_000 && expiresAt <= Date.now() + 3_600_000);
  const zip = await readZip(Buffer.from(await (await fetch(answer.body.url)).arrayBuffer()));
  assert.ok(zip.has('account.json'));
  const entry = await api.stack.database.db('audit_log').where({ action: 'export.link_issued', target_id: exportId });
  assert.equal(entry.length, 1);
  assert.equal(entry[0]?.actor_id, account.owner.userId);
});

test('a link never outlives the archive it points to', async () => {
  const exportId = await finishedExport({ accountId: account.accountId, kind: 'owner' });
  await api.stack.database
    .db('exports')
    .where({ id: exportId })
    .update({ expires_at: new Date(Date.now() + 10 * 60_000) });
  const answer = await api.request<Link>('POST', linkPath(exportId), { token: account.owner.token });
  assert.equal(answer.status, 200);
  const seconds = Number(/X-Amz-Expires=(\d+)/.exec(answer.body.url)?.[1]);
  assert.ok(seconds > 500 && seconds <= 600, `lives ${seconds} s`);
});

test('whoever asked for an export gets its link though not an owner', async () => {
  const admin = await api.createUser(account.accountId, 'admin');
  const exportId = await finishedExport({ accountId: account.accountId, kind: 'owner', requestedBy: admin.userId });
  const answer = await api.request<Link>('POST', linkPath(exportId), { token: admin.token });
  assert.equal(answer.status, 200);
});

test("a member who did not ask for the account's export gets 404 and no link", async () => {
  const member = await api.createUser(account.accountId, 'member');
  const exportId = await finishedExport({ accountId: account.accountId, kind: 'owner' });
  assertApiError(await api.request('POST', linkPath(exportId), { token: member.token }), 404, 'NOT_FOUND');
  assert.equal(await linksIssued(exportId), 0);
});

test('a demoted owner no longer gets links to the scheduled exports', async () => {
  const former = await api.createUser(account.accountId, 'owner');
  const exportId = await finishedExport({ accountId: account.accountId, kind: 'scheduled' });
  assert.equal((await api.request('POST', linkPath(exportId), { token: former.token })).status, 200);
  await api.stack.database.db('users').where({ id: former.userId }).update({ role: 'admin' });
  assertApiError(await api.request('POST', linkPath(exportId), { token: former.token }), 404, 'NOT_FOUND');
});

test("another account's owner gets the same 404 as for an export that does not exist", async () => {
  const other = await api.createAccount();
  const exportId = await finishedExport({ accountId: account.accountId, kind: 'owner' });
  const theirs = await api.request('POST', linkPath(exportId), { token: other.owner.token });
  const missing = await api.request('POST', linkPath('00000000-0000-4000-8000-000000000000'), {
    token: other.owner.token,
  });
  assertApiError(theirs, 404, 'NOT_FOUND');
  assertApiError(missing, 404, 'NOT_FOUND');
  assert.equal((theirs.body as { error: { message: string } }).error.message, 'no such export');
  assert.equal(await linksIssued(exportId), 0);
});

test("a data-subject export is the subject's alone: the account's owner gets 404", async () => {
  const member = await api.createUser(account.accountId, 'member');
  const request = await submitMemberRequest(api.stack.database.db, {
    accountId: account.accountId,
    userId: member.userId,
    type: 'export',
    jurisdiction: 'gdpr',
    now: new Date(),
  });
  const exportId = await finishedExport({ accountId: account.accountId, kind: 'dsr', requestId: request.id });
  assertApiError(await api.request('POST', linkPath(exportId), { token: account.owner.token }), 404, 'NOT_FOUND');
  assert.equal((await api.request('POST', linkPath(exportId), { token: member.token })).status, 200);
});

test('an export still running answers 409, and an expired one 410', async () => {
  const running = await createExportRecord(api.stack.database.db, {
    accountId: account.accountId,
    kind: 'owner',
    region: 'eu',
  });
  assertApiError(await api.request('POST', linkPath(running.id), { token: account.owner.token }), 409, 'CONFLICT');
  const expired = await finishedExport({ accountId: account.accountId, kind: 'owner' });
  await api.stack.database
    .db('exports')
    .where({ id: expired })
    .update({ expires_at: new Date(Date.now() - 1000) });
  assertApiError(await api.request('POST', linkPath(expired), { token: account.owner.token }), 410, 'GONE');
});

test('without a session the route answers 401, and a malformed export ID 400', async () => {
  const exportId = await finishedExport({ accountId: account.accountId, kind: 'owner' });
  assertApiError(await api.request('POST', linkPath(exportId)), 401, 'UNAUTHORIZED');
  assertApiError(await api.request('POST', linkPath('not-a-uuid'), { token: account.owner.token }), 400, 'BAD_REQUEST');
});

test("a public subject's token issues a link to their export, and only to it", async () => {
  const exportId = await finishedExport({ accountId: account.accountId, kind: 'dsr' });
  const token = await createSubjectDownloadToken(api.stack.database.db, api.stack.config.keys.master, exportId);
  const answer = await api.request<Link>('POST', '/v1/public/exports/download-link', { body: { token } });
  assert.equal(answer.status, 200);
  assert.equal((await fetch(answer.body.url)).status, 200);
  const entry = await api.stack.database
    .db('audit_log')
    .where({ action: 'export.link_issued', target_id: exportId })
    .first();
  assert.equal(entry?.actor_type, 'subject');
  const forged = `${token.slice(0, -4)}AAAA`;
  assertApiError(
    await api.request('POST', '/v1/public/exports/download-link', { body: { token: forged } }),
    404,
    'NOT_FOUND',
  );
  assertApiError(
    await api.request('POST', '/v1/public/exports/download-link', { body: { token: 'short' } }),
    400,
    'BAD_REQUEST',
  );
});

test("a public subject's token stops working when the export's row is deleted", async () => {
  const exportId = await finishedExport({ accountId: account.accountId, kind: 'dsr' });
  const token = await createSubjectDownloadToken(api.stack.database.db, api.stack.config.keys.master, exportId);
  await api.stack.database.db('exports').where({ id: exportId }).delete();
  assertApiError(await api.request('POST', '/v1/public/exports/download-link', { body: { token } }), 404, 'NOT_FOUND');
});
