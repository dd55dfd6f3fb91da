import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Stripe from 'stripe';
import { assertApiError, countRows, startTestApi, type TestAccount, type TestApi } from '../support/api';
import { startStripeFake, type StripeFake } from '../support/stripe-fake';

const WEBHOOK_SECRET = 'whsec_test_billing';
let api: TestApi;
let stripeFake: StripeFake;
const stripe = new Stripe('sk_test_unused');

before(async () => {
  stripeFake = await startStripeFake();
  api = await startTestApi({ env: { STRIPE_API_BASE: stripeFake.url, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET } });
});

after(async () => {
  await api?.close();
  await stripeFake?.close();
});

let eventCounter = 0;

function subscriptionEvent(
  account: TestAccount,
  options: { type: string; price?: string; status?: string; created: number; customer?: string; id?: string },
): string {
  eventCounter += 1;
  return JSON.stringify({
    id: options.id ?? `evt_test_${eventCounter}_${Date.now()}`,
    object: 'event',
    type: options.type,
    created: options.created,
    data: {
      object: {
        id: `sub_${account.accountId.slice(0, 8)}`,
        object: 'subscription',
        customer: options.customer ?? `cus_${account.accountId.slice(0, 8)}`,
        status: options.status ?? 'active',
        metadata: { accountId: account.accountId },
        items: {
          object: 'list',
          data: [{ id: 'si_1', price: { id: options.price ?? 'price_growth' }, current_period_end: 1_900_000_000 }],
        },
      },
    },
  });
}

function deliver(payload: string, secret = WEBHOOK_SECRET) {
  const signature = stripe.webhooks.generateTestHeaderString({ payload, secret });
  return api.request<{ outcome: string }>('POST', '/v1/billing/stripe-webhook', {
    rawBody: payload,
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
  });
}

const accountRow = (accountId: string) =>
  api.stack.database
    .db('accounts')
    .where({ id: accountId })
    .first<{ plan: string; full_logging: boolean; stripe_customer_id: string | null }>();

test('checkout creates one Stripe customer per account and a subscription Checkout session for the plan’s price', async () => {
  const account = await api.createAccount();
  const first = await api.request<{ sessionId: string; url: string }>('POST', '/v1/billing/checkout', {
    token: account.owner.token,
    body: { plan: 'growth' },
  });
  assert.equal(first.status, 201, first.text);
  assert.match(first.body.url, /^https:\/\/checkout\.stripe\.test\//);
  await api.request('POST', '/v1/billing/checkout', { token: account.owner.token, body: { plan: 'starter' } });
  const customers = stripeFake.requests.filter(
    (r) => r.path === '/v1/customers' && r.params['metadata[accountId]'] === account.accountId,
  );
  assert.equal(customers.length, 1);
  const sessions = stripeFake.requests.filter(
    (r) => r.path === '/v1/checkout/sessions' && r.params.client_reference_id === account.accountId,
  );
  assert.deepEqual(
    sessions.map((s) => s.params['line_items[0][price]']),
    ['price_growth', 'price_starter'],
  );
  assert.ok((await accountRow(account.accountId)).stripe_customer_id?.startsWith('cus_'));
  assert.equal(
    await countRows(api, 'audit_log', { account_id: account.accountId, action: 'billing.checkout_started' }),
    2,
  );
});

test('checkout: bad plan is a 400; only owners start it; no session is a 401', async () => {
  const account = await api.createAccount();
  const admin = await api.createUser(account.accountId, 'admin');
  const before = stripeFake.requests.length;
  assertApiError(
    await api.request('POST', '/v1/billing/checkout', { token: account.owner.token, body: { plan: 'free' } }),
    400,
    'BAD_REQUEST',
  );
  assertApiError(
    await api.request('POST', '/v1/billing/checkout', { token: admin.token, body: { plan: 'growth' } }),
    403,
    'FORBIDDEN',
  );
  assertApiError(await api.request('POST', '/v1/billing/checkout', { body: { plan: 'growth' } }), 401, 'UNAUTHORIZED');
  assert.equal(stripeFake.requests.length, before);
});

test('a signed subscription.created event sets the plan, stores only Stripe IDs, and is audited', async () => {
  const account = await api.createAccount();
  const response = await deliver(
    subscriptionEvent(account, { type: 'customer.subscription.created', price: 'price_growth', created: 1000 }),
  );
  assert.equal(response.status, 200, response.text);
  assert.equal(response.body.outcome, 'applied');
  assert.equal((await accountRow(account.accountId)).plan, 'growth');
  const sub = await api.stack.database
    .db('subscriptions')
    .where({ account_id: account.accountId })
    .first<Record<string, unknown>>();
  assert.deepEqual(Object.keys(sub).sort(), [
    'account_id',
    'current_period_end',
    'last_event_created',
    'plan',
    'status',
    'stripe_customer_id',
    'stripe_subscription_id',
    'updated_at',
  ]);
  const entry = await api.stack.database
    .db('audit_log')
    .where({ account_id: account.accountId, action: 'plan.changed' })
    .first<{ actor_type: string; summary: Record<string, unknown> }>();
  assert.equal(entry.actor_type, 'stripe');
  assert.deepEqual([entry.summary.from, entry.summary.to], ['free', 'growth']);
});

test('an invalid signature is a 400 and changes nothing', async () => {
  const account = await api.createAccount();
  const payload = subscriptionEvent(account, {
    type: 'customer.subscription.created',
    price: 'price_growth',
    created: 1000,
  });
  const eventsBefore = await countRows(api, 'stripe_events');
  assertApiError(await deliver(payload, 'whsec_wrong'), 400, 'BAD_REQUEST');
  const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
  const tampered = payload.replace('price_growth', 'price_enterprise');
  assertApiError(
    await api.request('POST', '/v1/billing/stripe-webhook', {
      rawBody: tampered,
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    }),
    400,
    'BAD_REQUEST',
  );
  assertApiError(
    await api.request('POST', '/v1/billing/stripe-webhook', {
      rawBody: payload,
      headers: { 'content-type': 'application/json' },
    }),
    400,
    'BAD_REQUEST',
  );
  assert.equal((await accountRow(account.accountId)).plan, 'free');
  assert.equal(await countRows(api, 'stripe_events'), eventsBefore);
  assert.equal(await countRows(api, 'audit_log', { account_id: account.accountId, action: 'plan.changed' }), 0);
});

test('a replayed event is applied once', async () => {
  const account = await api.createAccount();
  const payload = subscriptionEvent(account, {
    type: 'customer.subscription.created',
    price: 'price_starter',
    created: 1000,
  });
  assert.equal((await deliver(payload)).body.outcome, 'applied');
  assert.equal((await deliver(payload)).body.outcome, 'duplicate');
  assert.equal(await countRows(api, 'audit_log', { account_id: account.accountId, action: 'plan.changed' }), 1);
});

test('out-of-order events leave the newest state: a late "updated" cannot undo a deletion', async () => {
  const account = await api.createAccount();
  await api.stack.database
    .db('accounts')
    .where({ id: account.accountId })
    .update({ plan: 'growth', full_logging: true });
  const created = subscriptionEvent(account, {
    type: 'customer.subscription.created',
    price: 'price_growth',
    created: 1000,
  });
  const deleted = subscriptionEvent(account, {
    type: 'customer.subscription.deleted',
    status: 'canceled',
    created: 3000,
  });
  const lateUpdate = subscriptionEvent(account, {
    type: 'customer.subscription.updated',
    price: 'price_enterprise',
    created: 2000,
  });
  assert.equal((await deliver(created)).body.outcome, 'applied');
  assert.equal((await deliver(deleted)).body.outcome, 'applied');
  assert.equal((await deliver(lateUpdate)).body.outcome, 'stale');
  const row = await accountRow(account.accountId);
  assert.equal(row.plan, 'free');
  assert.equal(row.full_logging, false, 'a downgrade to a plan without full logging turns it off');
  const changes = await api.stack.database
    .db('audit_log')
    .where({ account_id: account.accountId, action: 'plan.changed' })
    .orderBy('id')
    .pluck('summary');
  assert.deepEqual(
    changes.map((s) => [s.to, s.fullLoggingTurnedOff]),
    [
      ['growth', false],
      ['free', true],
    ],
  );
});

test('the webhook never touches another account: an event for an unknown customer is ignored', async () => {
  const account = await api.createAccount();
  const ghost = { accountId: '00000000-0000-4000-8000-000000000000', owner: account.owner };
  const response = await deliver(
    subscriptionEvent(ghost, {
      type: 'customer.subscription.created',
      price: 'price_enterprise',
      created: 1000,
      customer: 'cus_nobody',
    }),
  );
  assert.equal(response.body.outcome, 'ignored');
  assert.equal((await accountRow(account.accountId)).plan, 'free');
});
