import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createBudgetLeases } from '../../gateway/budgets/budget-leases';
import { startFakeProvider, type FakeProvider } from '../../gateway/providers/fake';
import { createBudget, currentBudgetMonth } from '../../platform/budgets/budgets';
import { createLogger } from '../../platform/observability/logger';
import { addPriceVersion } from '../../platform/pricing/prices';
import { createTestConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createAccountWithKey, eventually } from './support/gateway-fixture';
import { startGatewayProcess, type GatewayProcess } from './support/gateway-processes';

/**
 * A gateway that dies holding a budget lease does not keep its share reserved until the month ends: another
 * instance reclaims it once it has not been renewed for the stale interval, and an instance whose lease was
 * reclaimed can never release another instance's share.
 */
const OPERATOR = { actorType: 'operator' as const, actorId: null };
const logger = createLogger({ logLevel: 'silent' }, 'test');

describe('budget leases of a gateway that stopped', () => {
  let database: TestDatabase;
  let fake: FakeProvider;

  before(async () => {
    database = await createTestDatabase();
    fake = await startFakeProvider();
    await addPriceVersion(
      database.db,
      { providerKind: 'fake', model: 'fake-chat', inputMicroUsdPerMTok: 2_500_000, outputMicroUsdPerMTok: 10_000_000 },
      OPERATOR,
    );
  });

  after(async () => {
    await fake?.close();
    await database?.drop();
  });

  async function budgetOf(limit: number): Promise<string> {
    const account = await createAccountWithKey(database.db, createTestConfig({ databaseUrl: database.url }));
    const budget = await createBudget(database.db, {
      accountId: account.accountId,
      budget: { apiKeyId: null, monthlyLimitMicroUsd: limit, alertPercent: 80 },
      createdBy: null,
      actor: OPERATOR,
    });
    return budget.id;
  }

  async function period(budgetId: string): Promise<{ spent: number; reserved: number }> {
    const row = await database.db('budget_periods').where({ budget_id: budgetId }).first();
    return { spent: Number(row?.spent_microusd ?? 0), reserved: Number(row?.reserved_microusd ?? 0) };
  }

  async function heldBy(holder: string, budgetId: string): Promise<number> {
    const row = await database
      .db('budget_lease_holders')
      .where({ holder, budget_id: budgetId })
      .first<{ held_microusd: string } | undefined>('held_microusd');
    return Number(row?.held_microusd ?? 0);
  }

  test('a reclaimed lease returns its share; the instance that held it releases nothing of the other’s', async () => {
    const budgetId = await budgetOf(10_000_000);
    const month = currentBudgetMonth();
    const a = createBudgetLeases({ db: database.db, logger });
    const b = createBudgetLeases({ db: database.db, logger });
    try {
      assert.deepEqual(await a.reserve([budgetId], month, 1_000), { refusedBy: null });
      assert.deepEqual(await b.reserve([budgetId], month, 1_000), { refusedBy: null });
      const [heldA, heldB] = [await heldBy(a.holder, budgetId), await heldBy(b.holder, budgetId)];
      assert.ok(heldA >= 1_000 && heldB >= 1_000, `each holds at least its request: ${heldA}, ${heldB}`);
      assert.equal((await period(budgetId)).reserved, heldA + heldB, 'what the holders hold is what is reserved');

      // A stops renewing (its rows an hour old): the reclaim returns its share, and only its share.
      await database
        .db('budget_lease_holders')
        .where({ holder: a.holder })
        .update({
          renewed_at: database.db.raw("now() - interval '1 hour'"),
        });
      const reclaimed = await database.db.raw<{ rows: Array<{ n: number }> }>(
        "select budget_reclaim_leases(interval '1 minute') as n",
      );
      assert.equal(reclaimed.rows[0]?.n, 1);
      assert.equal((await period(budgetId)).reserved, heldB);

      // A was only cut off: it settles its request and returns everything. Its cost counts; it releases nothing.
      a.settle([budgetId], month, 1_000, 700);
      await a.close();
      assert.deepEqual(await period(budgetId), { spent: 700, reserved: heldB });

      b.settle([budgetId], month, 1_000, 600);
      await b.close();
      assert.deepEqual(await period(budgetId), { spent: 1_300, reserved: 0 });
      assert.equal(await database.db('budget_lease_holders').where({ budget_id: budgetId }).first(), undefined);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  test('an instance idle past half the stale interval resumes with its usual lease, not a share per request', async () => {
    const limit = 10_000_000;
    const budgetId = await budgetOf(limit);
    const month = currentBudgetMonth();
    const leases = createBudgetLeases({ db: database.db, logger, staleMs: 1_000 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 700));
      for (let i = 0; i < 20; i++)
        assert.deepEqual(await leases.reserve([budgetId], month, 1_000), { refusedBy: null });
      assert.ok(leases.leaseCalls <= 3, `${leases.leaseCalls} lease statements for 20 requests`);
      const { reserved } = await period(budgetId);
      assert.ok(reserved < limit / 2, `reserved ${reserved} of ${limit}`);
      for (let i = 0; i < 20; i++) leases.settle([budgetId], month, 1_000, 10);
    } finally {
      await leases.close();
    }
    assert.deepEqual(await period(budgetId), { spent: 200, reserved: 0 });
  });

  test('a gateway killed while holding a lease: another instance returns its share after the stale interval', async () => {
    const staleMs = '2000';
    const extra = { GATEWAY_BUDGET_LEASE_STALE_MS: staleMs };
    const gateways: GatewayProcess[] = await Promise.all(
      [0, 1].map(() => startGatewayProcess({ databaseUrl: database.url, fakeProviderUrl: fake.url, extra })),
    );
    const [doomed, survivor] = gateways as [GatewayProcess, GatewayProcess];
    try {
      const config = createTestConfig({ databaseUrl: database.url });
      const account = await createAccountWithKey(database.db, config, { plan: 'enterprise' });
      const budget = await createBudget(database.db, {
        accountId: account.accountId,
        budget: { apiKeyId: null, monthlyLimitMicroUsd: 50_000_000, alertPercent: 80 },
        createdBy: null,
        actor: OPERATOR,
      });
      const statuses = await Promise.all(
        Array.from({ length: 10 }, () =>
          fetch(`${doomed.url}/v1/chat/completions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${account.apiKey}`, 'content-type': 'application/json' },
            body: JSON.stringify({ model: 'fake-chat', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] }),
          }).then((r) => r.status),
        ),
      );
      assert.deepEqual(new Set(statuses), new Set([200]));
      // Killed before its lease went idle (a second): nothing is flushed or returned.
      await doomed.kill();
      const left = await period(budget.id);
      assert.ok(left.reserved > 0, 'the dead gateway’s share is still reserved');
      assert.ok(left.reserved < 50_000_000 / 4 + 10_000, `a share, not the budget: ${left.reserved}`);

      const started = Date.now();
      await eventually(async () => (await period(budget.id)).reserved === 0, 15_000);
      const waited = Date.now() - started;
      assert.ok(waited >= 1_000, `reclaimed only once stale (${waited} ms)`);
      assert.equal(await database.db('budget_lease_holders').where({ budget_id: budget.id }).first(), undefined);
      void survivor;
    } finally {
      await Promise.all(gateways.map((g) => g.close()));
    }
  });
});
