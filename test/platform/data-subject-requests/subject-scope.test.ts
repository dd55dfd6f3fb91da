import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { submitMemberRequest, type DsrType } from '../../../platform/data-subject-requests/requests';
import {
  eraseSubject,
  gatherSubjectInventory,
  rectifySubject,
} from '../../../platform/data-subject-requests/subject-data';
import { createTestStack, type TestStack } from '../../support/stack';
import { addUserTraffic, seedAccount, type SeededAccount } from '../../support/seed-accounts';

let stack: TestStack;

before(async () => {
  stack = await createTestStack();
});

after(async () => {
  await stack?.close();
});

const rows = async (table: string, where: Record<string, unknown>) =>
  Number((await stack.database.db(table).where(where).count({ n: '*' }))[0]?.n);

/** Everything of an account a request about one of its users might touch, counted. */
async function accountHoldings(accountId: string) {
  const account = await stack.database.db('accounts').where({ id: accountId }).first();
  return {
    users: await rows('users', { account_id: accountId }),
    gatewayRequests: await rows('gateway_requests', { account_id: accountId }),
    fullLogs: await rows('gateway_full_logs', { account_id: accountId }),
    apiKeys: await rows('api_keys', { account_id: accountId }),
    policies: await rows('policies', { account_id: accountId }),
    subscriptions: await rows('subscriptions', { account_id: accountId }),
    dataKey: account?.data_key_wrapped !== null,
    stripeCustomer: account?.stripe_customer_id ?? null,
    fullLogging: account?.full_logging,
    status: account?.status,
  };
}

/** An owner and a member, both with keys and traffic through them, full logging on. */
async function twoUserAccount(): Promise<SeededAccount> {
  const account = await seedAccount(stack.database.db, stack.config.keys.master, { requests: 4, fullLogs: 4 });
  await addUserTraffic(stack.database.db, account, account.ownerId, { requests: 3, prompt: 'owner prompt' });
  await addUserTraffic(stack.database.db, account, account.memberId, { requests: 3, prompt: 'member prompt' });
  return account;
}

function request(account: SeededAccount, userId: string, type: DsrType, details?: { name?: string; email?: string }) {
  return submitMemberRequest(stack.deps.db, {
    accountId: account.accountId,
    userId,
    type,
    jurisdiction: 'gdpr',
    now: new Date(),
    ...(details ? { details } : {}),
  });
}

test("erasing a member of a two-user account removes only the member; the account's logs, keys, policies and billing stay", async () => {
  const account = await twoUserAccount();
  const before = await accountHoldings(account.accountId);
  const erasure = await request(account, account.memberId, 'erasure');
  const result = await eraseSubject(stack.deps.db, erasure, []);
  assert.deepEqual(result.erased, { users: 1 });
  assert.deepEqual(await accountHoldings(account.accountId), { ...before, users: 1 });
  assert.equal(await rows('users', { id: account.memberId }), 0);
  assert.equal(await rows('users', { id: account.ownerId }), 1, 'the colleague stays');
  assert.ok(before.fullLogs === 10 && before.dataKey && before.apiKeys === 3, 'the account had logs, a key, keys');
});

test('erasing the sole user empties the account: logs deleted, data key shredded, keys, policies and billing removed, account disabled', async () => {
  const account = await seedAccount(stack.database.db, stack.config.keys.master, {
    requests: 5,
    fullLogs: 5,
    soleUser: true,
  });
  await addUserTraffic(stack.database.db, account, account.ownerId, { requests: 2, prompt: 'sole prompt' });
  await stack.database.db('export_schedules').insert({
    account_id: account.accountId,
    cron: '0 3 * * *',
    categories: ['gateway_requests'],
    created_by: account.ownerId,
  });
  await stack.database.db('provider_connections').insert({
    account_id: account.accountId,
    name: 'own-openai',
    kind: 'openai',
    base_url: 'https://api.openai.com/v1',
    models: [],
  });
  const erasure = await request(account, account.ownerId, 'erasure');
  const result = await eraseSubject(stack.deps.db, erasure, []);
  assert.deepEqual(result.erased, {
    gateway_full_logs: 7,
    gateway_requests: 7,
    billing: 1,
    api_keys: 2,
    provider_connections: 1,
    export_schedules: 1,
    policies: 1,
    users: 1,
  });
  assert.deepEqual(await accountHoldings(account.accountId), {
    users: 0,
    gatewayRequests: 0,
    fullLogs: 0,
    apiKeys: 0,
    policies: 0,
    subscriptions: 0,
    dataKey: false,
    stripeCustomer: null,
    fullLogging: false,
    status: 'disabled',
  });
  const again = await eraseSubject(stack.deps.db, erasure, []);
  assert.deepEqual(again.erased, { users: 0 }, 'a repeat erases nothing more');
});

test('erasing a sole user under a retention exception keeps the retained categories', async () => {
  const account = await seedAccount(stack.database.db, stack.config.keys.master, { requests: 3, soleUser: true });
  const erasure = await request(account, account.ownerId, 'erasure');
  await eraseSubject(stack.deps.db, erasure, ['billing', 'gateway_requests']);
  const left = await accountHoldings(account.accountId);
  assert.equal(left.gatewayRequests, 3);
  assert.equal(left.stripeCustomer, `cus_${account.accountId.slice(0, 8)}`);
  assert.equal(left.fullLogs, 0);
  assert.equal(left.dataKey, false);
});

test("rectifying a member changes their own row and nobody else's", async () => {
  const account = await twoUserAccount();
  const owner = await stack.database.db('users').where({ id: account.ownerId }).first();
  const holdings = await accountHoldings(account.accountId);
  const rectification = await request(account, account.memberId, 'rectification', { name: 'Corrected Member' });
  const result = await rectifySubject(stack.deps.db, rectification, { name: 'Corrected Member' });
  assert.deepEqual(result.fields, ['name']);
  assert.equal((await stack.database.db('users').where({ id: account.memberId }).first())?.name, 'Corrected Member');
  assert.deepEqual(await stack.database.db('users').where({ id: account.ownerId }).first(), owner);
  assert.deepEqual(await accountHoldings(account.accountId), holdings);
});

test("a member's inventory counts their own rows and names the account's stores as held for it", async () => {
  const account = await twoUserAccount();
  const access = await request(account, account.memberId, 'access');
  const inventory = await gatherSubjectInventory(stack.deps.db, access);
  assert.deepEqual(Object.keys(inventory).sort(), ['audit_log', 'users']);
  assert.equal(inventory.users, 1);
  const evidence = await stack.database
    .db('audit_log')
    .where({ action: 'dsr.data_gathered', target_id: access.id })
    .first();
  assert.deepEqual((evidence?.summary as { heldForAccount: string[] }).heldForAccount, [
    'account',
    'api_keys',
    'policies',
    'gateway_requests',
    'gateway_full_logs',
    'billing',
  ]);
});

test("a sole user's inventory counts the account's stores as theirs", async () => {
  const account = await seedAccount(stack.database.db, stack.config.keys.master, {
    requests: 4,
    fullLogs: 2,
    soleUser: true,
  });
  const access = await request(account, account.ownerId, 'access');
  const inventory = await gatherSubjectInventory(stack.deps.db, access);
  assert.deepEqual(inventory, {
    users: 1,
    // The key they created, and their submission of this request.
    audit_log: 2,
    api_keys: 1,
    policies: 1,
    gateway_requests: 4,
    gateway_full_logs: 2,
    billing: 1,
  });
});
