import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createBudget } from '../../platform/budgets/budgets';
import { sendPendingBudgetAlerts } from '../../platform/budgets/budget-alerts';
import { createMailer, type Mailer } from '../../platform/mail/mailer';
import { addPriceVersion } from '../../platform/pricing/prices';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp';
import {
  createAccountWithKey,
  eventually,
  startGatewayFixture,
  type GatewayFixture,
  type TestAccount,
} from './support/gateway-fixture';

const OPERATOR = { actorType: 'operator' as const, actorId: null };

describe("a budget's soft threshold", () => {
  let fx: GatewayFixture;
  let smtp: TestSmtpServer;
  let mailer: Mailer;

  before(async () => {
    fx = await startGatewayFixture();
    smtp = await startTestSmtpServer();
    mailer = createMailer({ smtpUrl: smtp.url, from: 'Autrace <no-reply@autrace.local>' });
    await addPriceVersion(
      fx.database.db,
      { providerKind: 'fake', model: 'fake-chat', inputMicroUsdPerMTok: 2_500_000, outputMicroUsdPerMTok: 10_000_000 },
      OPERATOR,
    );
  });

  after(async () => {
    mailer?.close();
    await smtp?.close();
    await fx?.close();
  });

  async function chat(account: TestAccount): Promise<{ status: number; requestId: string }> {
    const response = await fetch(`${fx.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${account.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fake-chat', max_tokens: 4, messages: [{ role: 'user', content: 'alert me' }] }),
    });
    await response.arrayBuffer();
    return { status: response.status, requestId: response.headers.get('x-request-id') ?? '' };
  }

  async function settledChat(account: TestAccount): Promise<number> {
    const answer = await chat(account);
    assert.equal(answer.status, 200);
    await eventually(() => Promise.resolve(fx.gateway.app.spend.pendingSettlements === 0));
    const row = await eventually(() =>
      fx.database
        .db('gateway_requests')
        .where({ id: answer.requestId })
        .first<{ cost_microusd: string } | undefined>('cost_microusd'),
    );
    return Number(row.cost_microusd);
  }

  test("the owners are e-mailed once when the month's spend reaches 80 %, through the real SMTP server", async () => {
    // One request's cost, measured on an account without a budget.
    const oneRequest = await settledChat(await createAccountWithKey(fx.database.db, fx.config));
    const account = await createAccountWithKey(fx.database.db, fx.config);
    await fx.database.db('users').insert([
      { account_id: account.accountId, email: 'owner@budget.test', name: 'Owner', password_hash: 'x', role: 'owner' },
      { account_id: account.accountId, email: 'admin@budget.test', name: 'Admin', password_hash: 'x', role: 'admin' },
    ]);
    const limit = 10 * oneRequest;
    const budget = await createBudget(fx.database.db, {
      accountId: account.accountId,
      budget: { apiKeyId: null, monthlyLimitMicroUsd: limit, alertPercent: 80 },
      createdBy: null,
      actor: OPERATOR,
    });
    // Request by request until the budget refuses: the alert is sent at the first send after spend reaches 80 %.
    const sends: Array<{ percent: number; sent: number }> = [];
    for (let i = 0; i < 12; i++) {
      const answer = await chat(account);
      if (answer.status === 429) break;
      await eventually(() => Promise.resolve(fx.gateway.app.spend.pendingSettlements === 0));
      const ledger = await fx.database.db('budget_periods').where({ budget_id: budget.id }).first('spent_microusd');
      const percent = (Number(ledger?.spent_microusd) * 100) / limit;
      sends.push({ percent, sent: await sendPendingBudgetAlerts({ db: fx.database.db, mailer }) });
    }
    assert.ok(
      sends.some((s) => s.percent >= 80),
      JSON.stringify(sends),
    );
    for (const { percent, sent } of sends) {
      const first = sends.find((s) => s.percent >= 80);
      assert.equal(sent, first && percent === first.percent ? 1 : 0, JSON.stringify(sends));
    }
    const [message] = await smtp.waitForMessages(1);
    assert.deepEqual(message?.to, ['owner@budget.test']);
    assert.match(message?.subject ?? '', /80 %/);
    assert.equal(await sendPendingBudgetAlerts({ db: fx.database.db, mailer }), 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(smtp.messages.length, 1);
  });
});
