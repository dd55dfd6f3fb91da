import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createSubjectDownloadToken } from '../../platform/exports/export-download-links';
import { createExportRecord, runExport } from '../../platform/exports/export-runs';
import { assertApiError, startTestApi, type TestApi, type TestUser } from '../support/api';
import { seedAccount, type SeededAccount } from '../support/seed-accounts';
import { readZip } from '../support/zip-reader';
import { GetObjectCommand } from '@aws-sdk/client-s3';

let api: TestApi;
let seeded: SeededAccount;
let owner: TestUser;
let exportId: string;
let entries: unknown[];

interface Opened {
  entries: Array<{ requestId: string; prompt: string[]; completion: string }>;
}

before(async () => {
  api = await startTestApi();
  seeded = await seedAccount(api.stack.database.db, api.stack.config.keys.master, { requests: 4, fullLogs: 4 });
  owner = await api.createUser(seeded.accountId, 'owner');
  const record = await createExportRecord(api.stack.database.db, {
    accountId: seeded.accountId,
    kind: 'owner',
    region: 'eu',
  });
  const { record: done } = await runExport(api.stack.deps, { exportId: record.id, categories: ['gateway_full_logs'] });
  exportId = done.id;
  const object = await api.stack.deps.storage
    .clientFor('eu')
    .send(new GetObjectCommand({ Bucket: api.stack.deps.storage.bucketFor('eu'), Key: done.s3_key ?? '' }));
  const files = await readZip(Buffer.from(await (object.Body?.transformToByteArray() ?? new Uint8Array())));
  entries = JSON.parse(files.get('gateway_full_logs.json') ?? '[]') as unknown[];
});

after(async () => {
  await api?.close();
});

const OPEN = '/v1/exports/full-logs/open';

async function opensRecorded(): Promise<number> {
  return (
    await api.stack.database
      .db('audit_log')
      .where({ action: 'full_logs.opened_from_export', account_id: seeded.accountId })
  ).length;
}

test("an owner opens the export's sealed entries, exactly as posted from the archive, and the read is on record", async () => {
  assert.equal(entries.length, 4);
  const before = await opensRecorded();
  const answer = await api.request<Opened>('POST', OPEN, { token: owner.token, body: { entries } });
  assert.equal(answer.status, 200);
  assert.equal(answer.body.entries.length, 4);
  assert.ok(answer.body.entries.every((e) => /prompt from member-/.test(e.prompt[0] ?? '')));
  assert.equal(await opensRecorded(), before + 1);
  const entry = await api.stack.database
    .db('audit_log')
    .where({ action: 'full_logs.opened_from_export', account_id: seeded.accountId })
    .orderBy('id', 'desc')
    .first();
  assert.ok(!JSON.stringify(entry?.summary).includes('prompt from'), 'the record holds IDs, not content');
});

test('a member may not open full logs (403)', async () => {
  const member = await api.createUser(seeded.accountId, 'member');
  assertApiError(await api.request('POST', OPEN, { token: member.token, body: { entries } }), 403, 'FORBIDDEN');
});

test("another account's owner cannot open them: 400 naming the entry, and nothing recorded", async () => {
  const other = await api.createAccount({ plan: 'starter' });
  const before = await opensRecorded();
  const answer = await api.request('POST', OPEN, { token: other.owner.token, body: { entries } });
  assertApiError(answer, 400, 'BAD_REQUEST');
  assert.match(answer.text, /entries\[0\] does not open/);
  assert.equal(await opensRecorded(), before);
});

test('malformed entries are a 400 before any key is used', async () => {
  const first = entries[0] as Record<string, unknown>;
  assertApiError(
    await api.request('POST', OPEN, { token: owner.token, body: { entries: [{ ...first, nonce: 'short' }] } }),
    400,
    'BAD_REQUEST',
  );
  assertApiError(await api.request('POST', OPEN, { token: owner.token, body: { entries: [] } }), 400, 'BAD_REQUEST');
});

test("a public subject opens their export's entries with its download token; a wrong token is a 404", async () => {
  const token = await createSubjectDownloadToken(api.stack.database.db, api.stack.config.keys.master, exportId);
  const answer = await api.request<Opened>('POST', '/v1/public/exports/full-logs/open', { body: { token, entries } });
  assert.equal(answer.status, 200);
  assert.equal(answer.body.entries.length, 4);
  assertApiError(
    await api.request('POST', '/v1/public/exports/full-logs/open', {
      body: { token: `${token.slice(0, -4)}AAAA`, entries },
    }),
    404,
    'NOT_FOUND',
  );
});

test("once the account's data key is shredded the entries stay sealed (410)", async () => {
  const shredded = await seedAccount(api.stack.database.db, api.stack.config.keys.master, { requests: 1, fullLogs: 1 });
  const shreddedOwner = await api.createUser(shredded.accountId, 'owner');
  const record = await createExportRecord(api.stack.database.db, {
    accountId: shredded.accountId,
    kind: 'owner',
    region: 'eu',
  });
  await runExport(api.stack.deps, { exportId: record.id, categories: ['gateway_full_logs'] });
  await api.stack.database.db('accounts').where({ id: shredded.accountId }).update({ data_key_wrapped: null });
  const row = await api.stack.database.db('gateway_full_logs').where({ account_id: shredded.accountId }).first();
  const entry = {
    request_id: row?.request_id,
    nonce: row?.nonce.toString('base64'),
    auth_tag: row?.auth_tag.toString('base64'),
    ciphertext: row?.ciphertext.toString('base64'),
  };
  assertApiError(
    await api.request('POST', OPEN, { token: shreddedOwner.token, body: { entries: [entry] } }),
    410,
    'GONE',
  );
});
