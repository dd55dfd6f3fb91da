import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { createBudget } from '../../platform/budgets/budgets';
import { addPriceVersion, type ModelPriceInput } from '../../platform/pricing/prices';
import { foldUsage } from '../../platform/usage/usage-fold';
import {
  createAccountWithKey,
  eventually,
  startGatewayFixture,
  type GatewayFixture,
  type TestAccount,
} from './support/gateway-fixture';

const OPERATOR = { actorType: 'operator' as const, actorId: null };

describe('cost and budgets in the gateway', () => {
  let fx: GatewayFixture;

  before(async () => {
    fx = await startGatewayFixture();
    await setPrice({
      providerKind: 'fake',
      model: 'fake-chat',
      inputMicroUsdPerMTok: 2_500_000,
      outputMicroUsdPerMTok: 10_000_000,
    });
    await setPrice({
      providerKind: 'fake',
      model: 'fake-fail',
      inputMicroUsdPerMTok: 2_500_000,
      outputMicroUsdPerMTok: 10_000_000,
    });
  });

  after(async () => {
    await fx.close();
  });

  /** Adds a price version and waits until the gateway has read it. */
  async function setPrice(input: Omit<ModelPriceInput, 'effectiveFrom'> & { effectiveFrom?: string }): Promise<void> {
    const loads = fx.gateway.app.spend.prices.loads;
    await addPriceVersion(fx.database.db, input, OPERATOR);
    await eventually(() => Promise.resolve(fx.gateway.app.spend.prices.loads > loads));
  }

  async function chat(account: TestAccount, model = 'fake-chat', extra: Record<string, unknown> = {}) {
    const response = await fetch(`${fx.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${account.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model,
        max_tokens: 50,
        messages: [{ role: 'user', content: 'What does it cost?' }],
        ...extra,
      }),
    });
    const text = await response.text();
    const body = (response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : { text }) as Record<
      string,
      unknown
    >;
    return { status: response.status, body, requestId: response.headers.get('x-request-id') ?? '' };
  }

  interface StoredRow {
    prompt_tokens: number;
    completion_tokens: number;
    cost_microusd: string | null;
    status: number;
  }

  async function row(requestId: string): Promise<StoredRow> {
    return eventually(() =>
      fx.database
        .db('gateway_requests')
        .where({ id: requestId })
        .first<StoredRow | undefined>('prompt_tokens', 'completion_tokens', 'cost_microusd', 'status'),
    );
  }

  async function period(budgetId: string): Promise<{ spent: number; reserved: number }> {
    const current = await fx.database
      .db('budget_periods')
      .where({ budget_id: budgetId })
      .first('spent_microusd', 'reserved_microusd');
    return { spent: Number(current?.spent_microusd), reserved: Number(current?.reserved_microusd) };
  }

  /** Settlements are sent after the answer; this waits until Postgres has them. */
  async function settled(): Promise<void> {
    await eventually(() => Promise.resolve(fx.gateway.app.spend.pendingSettlements === 0));
  }

  test('a priced request stores its cost in micro-dollars, from its tokens at the price in force', async () => {
    const account = await createAccountWithKey(fx.database.db, fx.config);
    const answer = await chat(account);
    assert.equal(answer.status, 200);
    const stored = await row(answer.requestId);
    assert.ok(stored.prompt_tokens > 0 && stored.completion_tokens > 0);
    // $2.50 and $10 per million tokens: 2.5 and 10 micro-dollars a token, rounded up to a whole micro-dollar.
    const expected = Math.ceil(stored.prompt_tokens * 2.5 + stored.completion_tokens * 10);
    assert.equal(Number(stored.cost_microusd), expected);
  });

  test('a model without a price is logged with a NULL cost and counted as unpriced in the usage rollup', async () => {
    const account = await createAccountWithKey(fx.database.db, fx.config);
    const answer = await chat(account, 'fake-tools');
    assert.equal(answer.status, 200);
    const stored = await row(answer.requestId);
    assert.equal(stored.cost_microusd, null);
    await eventually(async () => (await foldUsage(fx.database.db)).complete);
    const usage = await fx.database
      .db('gateway_usage_daily')
      .where({ account_id: account.accountId })
      .first('requests', 'cost_microusd', 'unpriced_requests');
    assert.deepEqual(
      {
        requests: Number(usage?.requests),
        cost: Number(usage?.cost_microusd),
        unpriced: Number(usage?.unpriced_requests),
      },
      { requests: 1, cost: 0, unpriced: 1 },
    );
  });

  test('a new price version applies to requests that start after it; stored costs keep their price', async () => {
    await setPrice({
      providerKind: 'fake',
      model: 'fake-versioned',
      inputMicroUsdPerMTok: 1_000_000,
      outputMicroUsdPerMTok: 1_000_000,
    });
    const account = await createAccountWithKey(fx.database.db, fx.config);
    // fake-versioned-1 is priced as its family, fake-versioned; the fake upstream serves every fake-* model.
    const before = await row((await chat(account, 'fake-versioned-1')).requestId);
    await setPrice({
      providerKind: 'fake',
      model: 'fake-versioned',
      inputMicroUsdPerMTok: 3_000_000,
      outputMicroUsdPerMTok: 3_000_000,
    });
    await setPrice({
      providerKind: 'fake',
      model: 'fake-versioned',
      effectiveFrom: new Date(Date.now() + 3_600_000).toISOString(),
      inputMicroUsdPerMTok: 50_000_000,
      outputMicroUsdPerMTok: 50_000_000,
    });
    const afterChange = await row((await chat(account, 'fake-versioned-1')).requestId);
    const tokens = (r: { prompt_tokens: number; completion_tokens: number }) => r.prompt_tokens + r.completion_tokens;
    assert.equal(Number(afterChange.cost_microusd), tokens(afterChange) * 3, 'the current version, not the future one');
    const storedAgain = await row((await chat(account, 'fake-versioned-1')).requestId);
    assert.equal(Number(storedAgain.cost_microusd), tokens(storedAgain) * 3);
    const first = await fx.database
      .db('gateway_requests')
      .where({ account_id: account.accountId })
      .orderBy('created_at')
      .first('cost_microusd');
    assert.equal(Number(first?.cost_microusd), tokens(before) * 1);
  });

  test('an account without budgets is served without a budget read per request', async () => {
    const account = await createAccountWithKey(fx.database.db, fx.config);
    const readsBefore = fx.gateway.app.spend.budgetReads;
    for (let i = 0; i < 20; i++) assert.equal((await chat(account)).status, 200);
    assert.ok(
      fx.gateway.app.spend.budgetReads - readsBefore <= 1,
      `${fx.gateway.app.spend.budgetReads - readsBefore} reads`,
    );
    assert.equal(
      await fx.database
        .db('budget_periods')
        .count<{ count: string }[]>('* as count')
        .first()
        .then((r) => r?.count !== undefined),
      true,
    );
  });

  test('a budget set while the account is cached applies to its next requests', async () => {
    const account = await createAccountWithKey(fx.database.db, fx.config);
    assert.equal((await chat(account)).status, 200);
    await createBudget(fx.database.db, {
      accountId: account.accountId,
      budget: { apiKeyId: null, monthlyLimitMicroUsd: 10, alertPercent: 80 },
      createdBy: null,
      actor: OPERATOR,
    });
    const refused = await eventually(async () => {
      const answer = await chat(account);
      return answer.status === 429 ? answer : undefined;
    });
    assert.deepEqual((refused.body as { error: { code: string; type: string } }).error.code, 'budget_exceeded');
  });

  test('a budget that refuses unpriced models answers them 403 before the upstream; priced models still pass', async () => {
    const account = await createAccountWithKey(fx.database.db, fx.config);
    const allowing = await createAccountWithKey(fx.database.db, fx.config);
    await createBudget(fx.database.db, {
      accountId: account.accountId,
      budget: { apiKeyId: null, monthlyLimitMicroUsd: 1_000_000, alertPercent: 80, unpricedModels: 'refuse' },
      createdBy: null,
      actor: OPERATOR,
    });
    await createBudget(fx.database.db, {
      accountId: allowing.accountId,
      budget: { apiKeyId: null, monthlyLimitMicroUsd: 1_000_000, alertPercent: 80 },
      createdBy: null,
      actor: OPERATOR,
    });
    const upstreamBefore = fx.fake.requests.length;
    const client = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: account.apiKey, maxRetries: 0 });
    const error = await client.chat.completions
      .create({ model: 'fake-tools', messages: [{ role: 'user', content: 'what does this cost?' }] })
      .then(
        () => assert.fail('the unpriced model went through'),
        (e: unknown) => e,
      );
    assert.ok(error instanceof OpenAI.PermissionDeniedError, String(error));
    assert.match(error.message, /"fake-tools" has no price, and this account's budget refuses models without one/);
    assert.equal(fx.fake.requests.length, upstreamBefore, 'nothing reached the upstream');
    assert.equal((await chat(account)).status, 200, 'a priced model is served under the same budget');
    // The default, `allow`: the unpriced model is served, uncharged.
    const allowed = await chat(allowing, 'fake-tools');
    assert.equal(allowed.status, 200);
    assert.equal((await row(allowed.requestId)).cost_microusd, null);
  });

  test('the OpenAI SDK raises its RateLimitError with code budget_exceeded, and nothing reaches the upstream', async () => {
    const account = await createAccountWithKey(fx.database.db, fx.config);
    await createBudget(fx.database.db, {
      accountId: account.accountId,
      budget: { apiKeyId: account.keyId, monthlyLimitMicroUsd: 100, alertPercent: 80 },
      createdBy: null,
      actor: OPERATOR,
    });
    const upstreamBefore = fx.fake.requests.length;
    // The SDK's default retries stay on: the answer's x-should-retry: false stops them.
    const client = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: account.apiKey });
    const error = await client.chat.completions
      .create({ model: 'fake-chat', max_tokens: 1000, messages: [{ role: 'user', content: 'too dear' }] })
      .then(
        () => assert.fail('the request went through'),
        (e: unknown) => e,
      );
    assert.ok(error instanceof OpenAI.RateLimitError, String(error));
    assert.equal(error.status, 429);
    assert.equal(error.code, 'budget_exceeded');
    assert.equal(error.type, 'budget_exceeded');
    assert.equal(fx.fake.requests.length, upstreamBefore);
  });

  test('the Anthropic SDK raises its RateLimitError with type budget_exceeded', async () => {
    const account = await createAccountWithKey(fx.database.db, fx.config);
    await createBudget(fx.database.db, {
      accountId: account.accountId,
      budget: { apiKeyId: null, monthlyLimitMicroUsd: 100, alertPercent: 80 },
      createdBy: null,
      actor: OPERATOR,
    });
    const client = new Anthropic({ baseURL: fx.baseUrl, apiKey: account.apiKey });
    const error = await client.messages
      .create({ model: 'fake-chat', max_tokens: 1000, messages: [{ role: 'user', content: 'too dear' }] })
      .then(
        () => assert.fail('the request went through'),
        (e: unknown) => e,
      );
    assert.ok(error instanceof Anthropic.RateLimitError, String(error));
    assert.equal(error.status, 429);
    assert.equal((error.error as { error: { type: string } }).error.type, 'budget_exceeded');
  });

  test("settlement releases every reservation: the month's spend is the sum of the rows' costs", async () => {
    const account = await createAccountWithKey(fx.database.db, fx.config);
    const budget = await createBudget(fx.database.db, {
      accountId: account.accountId,
      budget: { apiKeyId: account.keyId, monthlyLimitMicroUsd: 1_000_000, alertPercent: 80 },
      createdBy: null,
      actor: OPERATOR,
    });
    const answers = await Promise.all([
      chat(account),
      chat(account, 'fake-chat', { stream: true }),
      chat(account, 'fake-chat', { max_tokens: undefined }),
      chat(account),
    ]);
    for (const answer of answers) await row(answer.requestId);
    await settled();
    const rows = await fx.database.db('gateway_requests').where({ api_key_id: account.keyId }).select('cost_microusd');
    const total = rows.reduce((sum, r) => sum + Number(r.cost_microusd), 0);
    assert.ok(total > 0);
    assert.deepEqual(await period(budget.id), { spent: total, reserved: 0 });
  });

  test("a budgeted key's requests reserve from the gateway's lease, not a round trip each; the lease never holds more than the limit", async () => {
    const account = await createAccountWithKey(fx.database.db, fx.config);
    const limit = 1_000_000;
    const budget = await createBudget(fx.database.db, {
      accountId: account.accountId,
      budget: { apiKeyId: account.keyId, monthlyLimitMicroUsd: limit, alertPercent: 80 },
      createdBy: null,
      actor: OPERATOR,
    });
    const callsBefore = fx.gateway.app.spend.budgetLeaseCalls;
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const answer = await chat(account);
      assert.equal(answer.status, 200);
      ids.push(answer.requestId);
      const held = await period(budget.id);
      assert.ok(held.spent + held.reserved <= limit, `spent ${held.spent} + reserved ${held.reserved} > ${limit}`);
    }
    const calls = fx.gateway.app.spend.budgetLeaseCalls - callsBefore;
    assert.ok(calls >= 1 && calls <= 4, `${calls} lease round trips for 40 requests`);
    for (const id of ids) await row(id);
    await settled();
    const rows = await fx.database.db('gateway_requests').where({ api_key_id: account.keyId }).select('cost_microusd');
    const total = rows.reduce((sum, r) => sum + Number(r.cost_microusd), 0);
    assert.deepEqual(await period(budget.id), { spent: total, reserved: 0 }, 'the idle lease is returned whole');
  });

  test('a request the upstream fails releases its reservation and spends nothing', async () => {
    const account = await createAccountWithKey(fx.database.db, fx.config);
    const budget = await createBudget(fx.database.db, {
      accountId: account.accountId,
      budget: { apiKeyId: null, monthlyLimitMicroUsd: 1_000_000, alertPercent: 80 },
      createdBy: null,
      actor: OPERATOR,
    });
    const answer = await chat(account, 'fake-fail-500');
    assert.equal(answer.status, 500);
    assert.equal(Number((await row(answer.requestId)).cost_microusd), 0);
    await settled();
    assert.deepEqual(await period(budget.id), { spent: 0, reserved: 0 });
  });
});
