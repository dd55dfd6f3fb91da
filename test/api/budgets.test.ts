import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { assertApiError, countRows, startTestApi, type TestAccount, type TestApi, type TestUser } from '../support/api';
import { insertApiKey } from '../support/request-log-rows';

interface Budget {
  id: string;
  apiKeyId: string | null;
  monthlyLimitMicroUsd: number;
  alertPercent: number;
  unpricedModels: 'allow' | 'refuse';
  month: string;
  spentMicroUsd: number;
  reservedMicroUsd: number;
}

interface Price {
  id: string;
  providerKind: string;
  model: string;
  effectiveFrom: string;
  inputMicroUsdPerMTok: number;
  cachedInputMicroUsdPerMTok: number;
  outputMicroUsdPerMTok: number;
}

let api: TestApi;
let operator: TestUser;

before(async () => {
  api = await startTestApi();
  operator = await api.createOperator();
});

after(async () => {
  await api?.close();
});

async function auditEntry(action: string, targetId: string) {
  return api.stack.database.db('audit_log').where({ action, target_id: targetId }).first();
}

describe('budgets through the API', () => {
  let account: TestAccount;
  let admin: TestUser;
  let member: TestUser;
  let keyId: string;

  before(async () => {
    account = await api.createAccount();
    admin = await api.createUser(account.accountId, 'admin');
    member = await api.createUser(account.accountId, 'member');
    keyId = (await insertApiKey(api.stack.database.db, account.accountId, 'budgeted')).id;
  });

  test('an owner sets the account budget; it starts the month with nothing spent and is audited', async () => {
    const created = await api.request<{ budget: Budget }>('POST', '/v1/budgets', {
      token: account.owner.token,
      body: { monthlyLimitMicroUsd: 25_000_000 },
    });
    assert.equal(created.status, 201, created.text);
    const { budget } = created.body;
    assert.equal(budget.apiKeyId, null);
    assert.equal(budget.monthlyLimitMicroUsd, 25_000_000);
    assert.equal(budget.alertPercent, 80);
    assert.equal(budget.unpricedModels, 'allow');
    assert.equal(budget.month, new Date().toISOString().slice(0, 7));
    assert.equal(budget.spentMicroUsd, 0);
    const entry = await auditEntry('budget.created', budget.id);
    assert.equal(entry?.actor_id, account.owner.userId);
    assert.deepEqual(entry?.summary, {
      apiKeyId: null,
      monthlyLimitMicroUsd: 25_000_000,
      alertPercent: 80,
      unpricedModels: 'allow',
    });
  });

  test('an admin sets a key budget and every member can list the budgets', async () => {
    const created = await api.request<{ budget: Budget }>('POST', '/v1/budgets', {
      token: admin.token,
      body: { apiKeyId: keyId, monthlyLimitMicroUsd: 5_000_000, alertPercent: 50 },
    });
    assert.equal(created.status, 201, created.text);
    const list = await api.request<{ budgets: Budget[] }>('GET', '/v1/budgets', { token: member.token });
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.budgets.map((b) => [b.apiKeyId, b.monthlyLimitMicroUsd, b.alertPercent]),
      [
        [null, 25_000_000, 80],
        [keyId, 5_000_000, 50],
      ],
    );
  });

  test('a member may not set, change or delete a budget', async () => {
    const before = await countRows(api, 'budgets', { account_id: account.accountId });
    assertApiError(
      await api.request('POST', '/v1/budgets', { token: member.token, body: { monthlyLimitMicroUsd: 1 } }),
      403,
      'FORBIDDEN',
    );
    const [budget] = (await api.request<{ budgets: Budget[] }>('GET', '/v1/budgets', { token: member.token })).body
      .budgets;
    assertApiError(
      await api.request('PATCH', `/v1/budgets/${budget?.id}`, { token: member.token, body: { alertPercent: 90 } }),
      403,
      'FORBIDDEN',
    );
    assertApiError(await api.request('DELETE', `/v1/budgets/${budget?.id}`, { token: member.token }), 403, 'FORBIDDEN');
    assert.equal(await countRows(api, 'budgets', { account_id: account.accountId }), before);
  });

  test('a second account budget, or a second budget on a key, is a conflict', async () => {
    assertApiError(
      await api.request('POST', '/v1/budgets', { token: account.owner.token, body: { monthlyLimitMicroUsd: 1 } }),
      409,
      'CONFLICT',
    );
    assertApiError(
      await api.request('POST', '/v1/budgets', {
        token: account.owner.token,
        body: { apiKeyId: keyId, monthlyLimitMicroUsd: 1 },
      }),
      409,
      'CONFLICT',
    );
  });

  test("a budget on another account's key is not found, and nothing is written", async () => {
    const other = await api.createAccount();
    const otherKey = (await insertApiKey(api.stack.database.db, other.accountId, 'other')).id;
    const audits = await countRows(api, 'audit_log', { action: 'budget.created' });
    assertApiError(
      await api.request('POST', '/v1/budgets', {
        token: account.owner.token,
        body: { apiKeyId: otherKey, monthlyLimitMicroUsd: 1_000 },
      }),
      404,
      'NOT_FOUND',
    );
    assert.equal(await countRows(api, 'budgets', { api_key_id: otherKey }), 0);
    assert.equal(await countRows(api, 'audit_log', { action: 'budget.created' }), audits);
  });

  test('a limit that is not a positive whole number of micro-dollars, or a threshold past 100 %, is refused', async () => {
    for (const body of [
      { monthlyLimitMicroUsd: 0 },
      { monthlyLimitMicroUsd: 1.5 },
      { monthlyLimitMicroUsd: '100' },
      { monthlyLimitMicroUsd: 100, alertPercent: 101 },
      { apiKeyId: 'not-a-uuid', monthlyLimitMicroUsd: 100 },
      { monthlyLimitMicroUsd: 100, unpricedModels: 'sometimes' },
    ])
      assertApiError(await api.request('POST', '/v1/budgets', { token: admin.token, body }), 400, 'BAD_REQUEST');
  });

  test('changing a budget is audited with what it was and what it became', async () => {
    const [budget] = (await api.request<{ budgets: Budget[] }>('GET', '/v1/budgets', { token: admin.token })).body
      .budgets;
    assert.ok(budget);
    const changed = await api.request<{ budget: Budget }>('PATCH', `/v1/budgets/${budget.id}`, {
      token: admin.token,
      body: { monthlyLimitMicroUsd: 30_000_000 },
    });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.body.budget.monthlyLimitMicroUsd, 30_000_000);
    const entry = await api.stack.database
      .db('audit_log')
      .where({ action: 'budget.updated', target_id: budget.id })
      .orderBy('id', 'desc')
      .first();
    assert.deepEqual(entry?.summary, {
      from: {
        monthlyLimitMicroUsd: budget.monthlyLimitMicroUsd,
        alertPercent: budget.alertPercent,
        unpricedModels: 'allow',
      },
      to: { monthlyLimitMicroUsd: 30_000_000 },
    });
    const strict = await api.request<{ budget: Budget }>('PATCH', `/v1/budgets/${budget.id}`, {
      token: admin.token,
      body: { unpricedModels: 'refuse' },
    });
    assert.equal(strict.status, 200, strict.text);
    assert.equal(strict.body.budget.unpricedModels, 'refuse');
    assert.equal(
      (await api.stack.database.db('budgets').where({ id: budget.id }).first('unpriced_models'))?.unpriced_models,
      'refuse',
    );
    assertApiError(
      await api.request('PATCH', `/v1/budgets/${budget.id}`, { token: admin.token, body: {} }),
      400,
      'BAD_REQUEST',
    );
  });

  test("another account's budget cannot be changed or deleted: it is not found", async () => {
    const other = await api.createAccount();
    const [budget] = (await api.request<{ budgets: Budget[] }>('GET', '/v1/budgets', { token: admin.token })).body
      .budgets;
    assertApiError(
      await api.request('PATCH', `/v1/budgets/${budget?.id}`, { token: other.owner.token, body: { alertPercent: 10 } }),
      404,
      'NOT_FOUND',
    );
    assertApiError(
      await api.request('DELETE', `/v1/budgets/${budget?.id}`, { token: other.owner.token }),
      404,
      'NOT_FOUND',
    );
    assertApiError(
      await api.request('DELETE', `/v1/budgets/${randomUUID()}`, { token: account.owner.token }),
      404,
      'NOT_FOUND',
    );
  });

  test('deleting a budget removes it and is audited', async () => {
    const budgets = (await api.request<{ budgets: Budget[] }>('GET', '/v1/budgets', { token: admin.token })).body
      .budgets;
    const keyBudget = budgets.find((b) => b.apiKeyId === keyId);
    assert.ok(keyBudget);
    const deleted = await api.request('DELETE', `/v1/budgets/${keyBudget.id}`, { token: account.owner.token });
    assert.equal(deleted.status, 204, deleted.text);
    assert.equal(await countRows(api, 'budgets', { id: keyBudget.id }), 0);
    assert.deepEqual((await auditEntry('budget.deleted', keyBudget.id))?.summary, {
      apiKeyId: keyId,
      monthlyLimitMicroUsd: 5_000_000,
    });
  });
});

describe('the price table through the API', () => {
  test('every user can read the price table, seeded with the public list prices', async () => {
    const account = await api.createAccount();
    const list = await api.request<{ prices: Price[] }>('GET', '/v1/model-prices', { token: account.owner.token });
    assert.equal(list.status, 200);
    const gpt4o = list.body.prices.find((p) => p.providerKind === 'openai' && p.model === 'gpt-4o');
    assert.deepEqual(
      gpt4o && [gpt4o.inputMicroUsdPerMTok, gpt4o.cachedInputMicroUsdPerMTok, gpt4o.outputMicroUsdPerMTok],
      [2_500_000, 1_250_000, 10_000_000],
    );
    assert.ok(list.body.prices.some((p) => p.providerKind === 'anthropic' && p.model === 'claude-sonnet-4-5'));
  });

  test('an operator adds a price version; it is audited, and the same start twice is a conflict', async () => {
    const body = {
      providerKind: 'openai',
      model: 'gpt-4o',
      effectiveFrom: '2031-01-01T00:00:00Z',
      inputMicroUsdPerMTok: 2_000_000,
      outputMicroUsdPerMTok: 8_000_000,
    };
    const added = await api.request<{ price: Price }>('POST', '/v1/operator/model-prices', {
      token: operator.token,
      body,
    });
    assert.equal(added.status, 201, added.text);
    assert.equal(added.body.price.cachedInputMicroUsdPerMTok, 2_000_000, 'cached input defaults to the input price');
    const entry = await auditEntry('model_price.added', added.body.price.id);
    assert.equal(entry?.actor_type, 'operator');
    assert.equal(entry?.actor_id, operator.userId);
    assertApiError(
      await api.request('POST', '/v1/operator/model-prices', { token: operator.token, body }),
      409,
      'CONFLICT',
    );
  });

  test('an account owner may not add a price', async () => {
    const account = await api.createAccount();
    const before = await countRows(api, 'model_prices');
    const response = await api.request('POST', '/v1/operator/model-prices', {
      token: account.owner.token,
      body: { providerKind: 'openai', model: 'gpt-cheap', inputMicroUsdPerMTok: 0, outputMicroUsdPerMTok: 0 },
    });
    assert.ok(response.status === 401 || response.status === 403, response.text);
    assert.equal(await countRows(api, 'model_prices'), before);
  });

  test('a price with a bad provider kind, a negative amount or a model name with spaces is refused', async () => {
    for (const body of [
      { providerKind: 'Open AI', model: 'gpt-x', inputMicroUsdPerMTok: 1, outputMicroUsdPerMTok: 1 },
      { providerKind: 'openai', model: 'gpt-x', inputMicroUsdPerMTok: -1, outputMicroUsdPerMTok: 1 },
      { providerKind: 'openai', model: 'gpt x', inputMicroUsdPerMTok: 1, outputMicroUsdPerMTok: 1 },
    ])
      assertApiError(
        await api.request('POST', '/v1/operator/model-prices', { token: operator.token, body }),
        400,
        'BAD_REQUEST',
      );
  });
});

describe('usage in currency', () => {
  test('the usage by day and model and the usage series give the cost and the unpriced requests', async () => {
    const account = await api.createAccount();
    const keyId = (await insertApiKey(api.stack.database.db, account.accountId, 'budgeted')).id;
    const now = new Date();
    const row = (model: string, cost: number | null) => ({
      id: randomUUID(),
      created_at: now,
      account_id: account.accountId,
      api_key_id: keyId,
      endpoint: '/v1/chat/completions',
      provider: 'openai',
      model,
      verdict: 'ALLOW' as const,
      prompt_tokens: 10,
      completion_tokens: 20,
      latency_ms: 10,
      status: 200,
      cost_microusd: cost,
    });
    await api.stack.database
      .db('gateway_requests')
      .insert([row('gpt-4o', 225), row('gpt-4o', 225), row('mystery', null)]);

    const usage = await api.request<{
      rows: Array<{ model: string; costMicroUsd: number; unpricedRequests: number }>;
      totals: { costMicroUsd: number; unpricedRequests: number };
    }>('GET', '/v1/usage', { token: account.owner.token });
    assert.equal(usage.status, 200, usage.text);
    assert.deepEqual(
      usage.body.rows.map((r) => [r.model, r.costMicroUsd, r.unpricedRequests]),
      [
        ['gpt-4o', 450, 0],
        ['mystery', 0, 1],
      ],
    );
    assert.deepEqual(usage.body.totals.costMicroUsd, 450);

    const series = await api.request<{
      series: Array<{ key: string | null; points: Array<{ costMicroUsd: number; unpricedRequests: number }> }>;
    }>('GET', '/v1/usage/series?range=30d&groupBy=key', { token: account.owner.token });
    assert.equal(series.status, 200, series.text);
    const byKey = series.body.series.find((s) => s.key === keyId);
    assert.deepEqual(byKey?.points.at(-1), { ...byKey?.points.at(-1), costMicroUsd: 450, unpricedRequests: 1 });
  });
});
