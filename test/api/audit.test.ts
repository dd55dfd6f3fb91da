import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Knex } from 'knex';
import type { AuditLogRow } from '../../platform/database/tables';
import { assertApiError, startTestApi, type TestAccount, type TestApi } from '../support/api';

let api: TestApi;
let account: TestAccount;
let operatorToken: string;

interface Entry {
  id: number;
  accountId: string | null;
  action: string;
  hash: string;
  prevHash: string;
}
interface Page {
  entries: Entry[];
  nextCursor: string | null;
}
interface Verification {
  valid: boolean;
  checked: number;
  brokenId?: number;
  reason?: string;
}

async function createKeys(token: string, n: number): Promise<void> {
  for (let i = 0; i < n; i += 1)
    assert.equal((await api.request('POST', '/v1/api-keys', { token, body: { name: `k${i}` } })).status, 201);
}

before(async () => {
  api = await startTestApi();
  account = await api.createAccount();
  operatorToken = (await api.createOperator()).token;
  await createKeys(account.owner.token, 5);
});

after(async () => {
  await api?.close();
});

test('the audit trail lists the account’s entries newest first, with filters and cursor pagination', async () => {
  const seen: number[] = [];
  let cursor: string | null = null;
  do {
    const path: string = `/v1/audit?action=api_key.created&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
    const page: { status: number; body: Page } = await api.request<Page>('GET', path, { token: account.owner.token });
    assert.equal(page.status, 200);
    assert.ok(page.body.entries.every((e) => e.action === 'api_key.created' && e.accountId === account.accountId));
    seen.push(...page.body.entries.map((e) => e.id));
    cursor = page.body.nextCursor;
  } while (cursor);
  assert.equal(seen.length, 5);
  assert.deepEqual(
    seen,
    [...seen].sort((a, b) => b - a),
  );
});

test('export is NDJSON, oldest first, with each entry’s hash chain fields', async () => {
  const response = await api.request('GET', '/v1/audit/export', { token: account.owner.token });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /application\/x-ndjson/);
  const entries = response.text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Entry);
  assert.equal(entries[0]?.action, 'account.created');
  assert.ok(entries.every((e) => /^[0-9a-f]{64}$/.test(e.hash) && e.accountId === account.accountId));
});

test('verify reports an intact chain', async () => {
  const response = await api.request<Verification>('GET', '/v1/audit/verify', { token: account.owner.token });
  assert.equal(response.status, 200);
  assert.equal(response.body.valid, true);
});

test('bad filters and cursors are a 400', async () => {
  const token = account.owner.token;
  assertApiError(await api.request('GET', '/v1/audit?cursor=abc', { token }), 400, 'BAD_REQUEST');
  assertApiError(await api.request('GET', '/v1/audit?limit=0', { token }), 400, 'BAD_REQUEST');
  assertApiError(await api.request('GET', '/v1/audit?actorType=robot', { token }), 400, 'BAD_REQUEST');
  assertApiError(await api.request('GET', '/v1/audit/export?from=monday', { token }), 400, 'BAD_REQUEST');
});

test('members, anonymous callers and other accounts never see the account’s entries', async () => {
  const member = await api.createUser(account.accountId, 'member');
  assertApiError(await api.request('GET', '/v1/audit'), 401, 'UNAUTHORIZED');
  assertApiError(await api.request('GET', '/v1/audit', { token: member.token }), 403, 'FORBIDDEN');
  assertApiError(await api.request('GET', '/v1/audit/export', { token: member.token }), 403, 'FORBIDDEN');
  assertApiError(await api.request('GET', '/v1/audit/verify', { token: member.token }), 403, 'FORBIDDEN');
  const other = await api.createAccount();
  const theirs = await api.request<Page>('GET', '/v1/audit?limit=500', { token: other.owner.token });
  assert.ok(theirs.body.entries.every((e) => e.accountId === other.accountId));
  const exported = await api.request('GET', '/v1/audit/export', { token: other.owner.token });
  assert.ok(!exported.text.includes(account.accountId));
});

test('operators list every account’s entries and verify the chain', async () => {
  const all = await api.request<Page>('GET', `/v1/operator/audit?accountId=${account.accountId}&limit=500`, {
    token: operatorToken,
  });
  assert.ok(all.body.entries.length >= 6);
  assert.equal(
    (await api.request<Verification>('GET', '/v1/operator/audit/verify', { token: operatorToken })).body.valid,
    true,
  );
  assertApiError(
    await api.request('GET', '/v1/operator/audit?accountId=not-a-uuid', { token: operatorToken }),
    400,
    'BAD_REQUEST',
  );
  assertApiError(await api.request('GET', '/v1/operator/audit'), 401, 'UNAUTHORIZED');
  assertApiError(
    await api.request('GET', '/v1/operator/audit/verify', { token: account.owner.token }),
    403,
    'FORBIDDEN',
  );
});

test('50 concurrent administrative actions leave one valid chain', async () => {
  const accounts = await Promise.all([api.createAccount(), api.createAccount(), api.createAccount()]);
  const before = await api.stack.database.db('audit_log').count<{ count: number }[]>({ count: '*' });
  const responses = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      api.request('POST', '/v1/api-keys', {
        token: accounts[i % accounts.length]?.owner.token ?? '',
        body: { name: `c${i}` },
      }),
    ),
  );
  assert.ok(responses.every((r) => r.status === 201));
  const afterCount = await api.stack.database.db('audit_log').count<{ count: number }[]>({ count: '*' });
  assert.equal(Number(afterCount[0]?.count) - Number(before[0]?.count), 50);
  const verify = await api.request<Verification>('GET', '/v1/operator/audit/verify', { token: operatorToken });
  assert.equal(verify.body.valid, true);
});

/** Runs `tamper` as a superuser with triggers off, checks verify, then puts the rows back exactly. */
async function withTampering(
  tamper: (trx: Knex.Transaction) => Promise<void>,
  undo: (trx: Knex.Transaction) => Promise<void>,
): Promise<Verification> {
  const db = api.stack.database.db;
  const asReplica = (work: (trx: Knex.Transaction) => Promise<void>) =>
    db.transaction(async (trx) => {
      await trx.raw('set local session_replication_role = replica');
      await work(trx);
    });
  await asReplica(tamper);
  try {
    return (await api.request<Verification>('GET', '/v1/operator/audit/verify', { token: operatorToken })).body;
  } finally {
    await asReplica(undo);
    assert.equal(
      (await api.request<Verification>('GET', '/v1/operator/audit/verify', { token: operatorToken })).body.valid,
      true,
    );
  }
}

async function middleEntries(): Promise<AuditLogRow[]> {
  return api.stack.database.db('audit_log').orderBy('id').offset(3).limit(2).select('*');
}

test('an updated entry is named by verify as the first broken link', async () => {
  const [target] = await middleEntries();
  assert.ok(target);
  const result = await withTampering(
    (trx) =>
      trx('audit_log')
        .where({ id: target.id })
        .update({ summary: { tampered: true } })
        .then(() => undefined),
    (trx) =>
      trx('audit_log')
        .where({ id: target.id })
        .update({ summary: target.summary })
        .then(() => undefined),
  );
  assert.equal(result.valid, false);
  assert.equal(result.brokenId, target.id);
  assert.match(result.reason ?? '', /hash/);
});

test('a deleted entry breaks the link of the entry after it', async () => {
  const [target, next] = await middleEntries();
  assert.ok(target && next);
  const result = await withTampering(
    async (trx) => {
      // A plain copy keeps created_at's microseconds, which a JS Date would lose.
      await trx.raw('create table audit_tamper_saved as select * from audit_log where id = ?', [target.id]);
      await trx('audit_log').where({ id: target.id }).delete();
    },
    async (trx) => {
      await trx.raw('insert into audit_log select * from audit_tamper_saved');
      await trx.raw('drop table audit_tamper_saved');
    },
  );
  assert.equal(result.valid, false);
  assert.equal(result.brokenId, next.id);
  assert.match(result.reason ?? '', /prev_hash/);
});

test('two swapped (reordered) entries are caught at the first of them', async () => {
  const [a, b] = await middleEntries();
  assert.ok(a && b);
  const swap = async (trx: Knex.Transaction) => {
    await trx('audit_log').where({ id: a.id }).update({ id: -1 });
    await trx('audit_log').where({ id: b.id }).update({ id: a.id });
    await trx('audit_log').where({ id: -1 }).update({ id: b.id });
  };
  const result = await withTampering(swap, swap);
  assert.equal(result.valid, false);
  assert.equal(result.brokenId, a.id);
});

test('without the superuser bypass the database refuses to change entries', async () => {
  await assert.rejects(api.stack.database.db('audit_log').update({ action: 'x' }), /append-only/);
  await assert.rejects(api.stack.database.db('audit_log').delete(), /append-only/);
});
