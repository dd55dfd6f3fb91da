import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFakeProvider, type FakeProvider } from '../../gateway/providers/fake';
import { estimatePromptTokens } from '../../gateway/budgets/spend-control';
import { createBudget } from '../../platform/budgets/budgets';
import { addPriceVersion, costMicroUsd } from '../../platform/pricing/prices';
import { createTestConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createAccountWithKey, eventually, type TestAccount } from './support/gateway-fixture';
import { startGatewayProcess, type GatewayProcess } from './support/gateway-processes';

/**
 * Two gateway processes against one database share each budget's ledger: a
 * burst of concurrent requests through both cannot spend more than the
 * budget plus one request's reserved estimate.
 */
const OPERATOR = { actorType: 'operator' as const, actorId: null };
const PRICE = {
  providerKind: 'fake',
  model: 'fake-chat',
  inputMicroUsdPerMTok: 2_500_000,
  cachedInputMicroUsdPerMTok: 2_500_000,
  outputMicroUsdPerMTok: 10_000_000,
};
const CONTENT = 'spend it';
const MAX_TOKENS = 20;

describe('budgets across gateway instances', () => {
  let database: TestDatabase;
  let fake: FakeProvider;
  let gateways: GatewayProcess[] = [];

  before(async () => {
    database = await createTestDatabase();
    fake = await startFakeProvider();
    await addPriceVersion(database.db, PRICE, OPERATOR);
    gateways = await Promise.all(
      [0, 1].map(() => startGatewayProcess({ databaseUrl: database.url, fakeProviderUrl: fake.url })),
    );
  });

  after(async () => {
    await Promise.all(gateways.map((g) => g.close()));
    await fake?.close();
    await database?.drop();
  });

  async function chat(gateway: GatewayProcess, account: TestAccount) {
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${account.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'fake-chat',
        max_tokens: MAX_TOKENS,
        messages: [{ role: 'user', content: CONTENT }],
      }),
    });
    const body = (await response.json()) as { error?: { code?: string } };
    return { status: response.status, code: body.error?.code ?? null, requestId: response.headers.get('x-request-id') };
  }

  test("200 concurrent requests through two instances against a budget of 10 requests' cost overspend by at most one reserved estimate", async () => {
    const config = createTestConfig({ databaseUrl: database.url });
    // One request's real cost, measured on an account without a budget.
    const probe = await createAccountWithKey(database.db, config, { plan: 'enterprise' });
    const measured = await chat(gateways[0] as GatewayProcess, probe);
    assert.equal(measured.status, 200);
    const probeRow = await eventually(() =>
      database
        .db('gateway_requests')
        .where({ id: measured.requestId ?? '' })
        .first<{ cost_microusd: string | null } | undefined>('cost_microusd'),
    );
    const oneRequest = Number(probeRow.cost_microusd);
    assert.ok(oneRequest > 0);
    const estimate = costMicroUsd(
      { ...PRICE, id: '', effectiveFrom: new Date(0) },
      { promptTokens: estimatePromptTokens(CONTENT.length, 1), cachedPromptTokens: 0, completionTokens: MAX_TOKENS },
    );

    const account = await createAccountWithKey(database.db, config, { plan: 'enterprise' });
    const limit = 10 * oneRequest;
    const budget = await createBudget(database.db, {
      accountId: account.accountId,
      budget: { apiKeyId: null, monthlyLimitMicroUsd: limit, alertPercent: 80 },
      createdBy: null,
      actor: OPERATOR,
    });

    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        chat(gateways[i % 2] as GatewayProcess, account).then((a) => ({ ...a, instance: i % 2 })),
      ),
    );
    const admitted = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status !== 200);
    assert.ok(
      refused.every((a) => a.status === 429 && a.code === 'budget_exceeded'),
      JSON.stringify(refused.filter((a) => a.code !== 'budget_exceeded').slice(0, 3)),
    );
    assert.ok(admitted.length >= 1 && admitted.length <= 10, `${admitted.length} admitted`);
    assert.ok(
      [0, 1].every((instance) => refused.some((a) => a.instance === instance)),
      'both instances refuse once the budget is spent',
    );

    // Every admitted request's row is written and its settlement landed: nothing stays reserved.
    await eventually(async () => {
      const count = await database
        .db('gateway_requests')
        .where({ account_id: account.accountId })
        .count<Array<{ n: string }>>('* as n');
      return Number(count[0]?.n) === 200;
    });
    const ledger = await eventually(async () => {
      const current = await database.db('budget_periods').where({ budget_id: budget.id }).first();
      return current && Number(current.reserved_microusd) === 0 ? current : undefined;
    });
    const rows = await database.db('gateway_requests').where({ account_id: account.accountId }).select('cost_microusd');
    const spentByRows = rows.reduce((sum, r) => sum + Number(r.cost_microusd ?? 0), 0);
    assert.equal(Number(ledger.spent_microusd), spentByRows, "the ledger's spend is the rows' cost");
    assert.ok(
      spentByRows - limit <= estimate,
      `spent ${spentByRows} µ$ against a limit of ${limit} µ$ (one estimate: ${estimate} µ$)`,
    );
  });
});
