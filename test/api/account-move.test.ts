import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Context, heartbeat } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/workflow';
import type { accountMoveWorkflow } from '../../workflows/account-move';
import { assertApiError, type TestApi } from '../support/api';
import type { TestDatabase } from '../support/database';
import { startMoveHarness, type MoveHarness } from '../support/move-harness';
import { tablesMentioning } from '../support/regions';
import { signedSubscriptionEvent } from '../support/stripe-events';

const WEBHOOK_SECRET = 'whsec_test_moves';

/** What a step of the move is given; a hook runs in the worker, between the real activities. */
interface MoveStep {
  accountId: string;
  moveId: string;
}
type Hook = (step: MoveStep) => Promise<void>;

/**
 * The operator's route that moves an account, with a worker serving every region behind it. Hooks around the
 * worker's real activities stand in the move's windows: between the verified copy and the switch, and after a
 * copy that fails or a cancellation.
 */
describe('POST /v1/operator/accounts/:accountId/move', () => {
  let harness: MoveHarness;
  let env: TestWorkflowEnvironment;
  let us: TestDatabase;
  let api: TestApi;
  const hooks: { afterCopy?: Hook; beforeSwitch?: Hook } = {};

  before(async () => {
    harness = await startMoveHarness({
      apiEnv: { STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET },
      activities: (real) => ({
        ...real,
        async copyAccountTables(input: Parameters<typeof real.copyAccountTables>[0]) {
          const copied = await real.copyAccountTables(input);
          await hooks.afterCopy?.(input);
          return copied;
        },
        async switchAccountHome(input: Parameters<typeof real.switchAccountHome>[0]) {
          await hooks.beforeSwitch?.(input);
          return real.switchAccountHome(input);
        },
      }),
    });
    ({ env, us, api } = harness);
  });
  after(async () => {
    await harness?.close();
  });

  const signUp = async (email: string) => {
    const response = await api.request<{ accountId: string; session: { token: string } }>('POST', '/v1/auth/signup', {
      body: { accountName: 'Mover', name: 'Mo', email, password: 'a long enough passphrase', ageConfirmed: true },
    });
    assert.equal(response.status, 201, response.text);
    return response.body;
  };

  test('an operator moves an EU account to the US; its owner signs in there afterwards', async () => {
    const operator = await api.createOperator();
    const email = `mover-${randomUUID().slice(0, 8)}@example.test`;
    const { accountId } = await signUp(email);

    const started = await api.request<{ workflowId: string; from: string; to: string }>(
      'POST',
      `/v1/operator/accounts/${accountId}/move`,
      { token: operator.token, body: { region: 'us' } },
    );
    assert.equal(started.status, 202, started.text);
    assert.deepEqual([started.body.from, started.body.to], ['eu', 'us']);
    const result = await env.client.workflow.getHandle<typeof accountMoveWorkflow>(started.body.workflowId).result();
    assert.equal(result.state, 'moved');

    assert.equal(await api.stack.database.db('accounts').where({ id: accountId }).first(), undefined);
    const login = await api.request<{ token: string }>('POST', '/v1/auth/login', {
      body: { email, password: 'a long enough passphrase' },
    });
    assert.equal(login.status, 200, login.text);
    assert.match(login.body.token, /^ats_us_/);
    const me = await api.request<{ account: { region: string } }>('GET', '/v1/me', { token: login.body.token });
    assert.equal(me.body.account.region, 'us');
    const audit = await us.db('audit_log').where({ account_id: accountId, action: 'account.moved_in' }).first();
    assert.equal(audit?.actor_id, operator.userId);
  });

  test('only operators move accounts, to another region their plan allows, and a bad request changes nothing', async () => {
    const operator = await api.createOperator();
    const { accountId, session } = await signUp(`stay-${randomUUID().slice(0, 8)}@example.test`);
    const path = `/v1/operator/accounts/${accountId}/move`;
    assertApiError(await api.request('POST', path, { token: session.token, body: { region: 'us' } }), 403, 'FORBIDDEN');
    assertApiError(
      await api.request('POST', path, { token: operator.token, body: { region: 'mars' } }),
      400,
      'BAD_REQUEST',
    );
    assertApiError(await api.request('POST', path, { token: operator.token, body: { region: 'eu' } }), 409, 'CONFLICT');
    // APAC is an Enterprise option; this account is on Free.
    assertApiError(
      await api.request('POST', path, { token: operator.token, body: { region: 'apac' } }),
      409,
      'CONFLICT',
    );
    assertApiError(
      await api.request('POST', `/v1/operator/accounts/${randomUUID()}/move`, {
        token: operator.token,
        body: { region: 'us' },
      }),
      404,
      'NOT_FOUND',
    );
    const account = await api.stack.database.db('accounts').where({ id: accountId }).first('status', 'region');
    assert.deepEqual(account, { status: 'active', region: 'eu' });
  });

  test('an account with an open privacy request or a pending deletion is not moved until it has none', async () => {
    const operator = await api.createOperator();
    const { accountId, session } = await signUp(`busy-${randomUUID().slice(0, 8)}@example.test`);
    const path = `/v1/operator/accounts/${accountId}/move`;
    const opened = await api.request<{ id: string }>('POST', '/v1/data-subject-requests', {
      token: session.token,
      body: { type: 'access', jurisdiction: 'gdpr' },
    });
    assert.equal(opened.status, 202, opened.text);
    const refused = await api.request('POST', path, { token: operator.token, body: { region: 'us' } });
    assertApiError(refused, 409, 'CONFLICT');
    assert.match(refused.text, /open privacy requests/);

    await api.stack.database
      .db('data_subject_requests')
      .where({ id: opened.body.id })
      .update({ status: 'completed', closed_at: new Date(), closing_reason: 'answered' });
    await api.stack.database.db('accounts').where({ id: accountId }).update({ deletion_requested_at: new Date() });
    const deleting = await api.request('POST', path, { token: operator.token, body: { region: 'us' } });
    assertApiError(deleting, 409, 'CONFLICT');
    assert.match(deleting.text, /a pending deletion/);
    assert.equal(
      await api.stack.database.db('audit_log').where({ account_id: accountId, action: 'account.move_started' }).first(),
      undefined,
    );
  });

  const count = async (db: TestDatabase['db'], table: string, where: Record<string, unknown>) =>
    Number((await db(table).where(where).count<Array<{ n: number }>>({ n: '*' }))[0]?.n ?? 0);

  const verificationToken = (email: string) => {
    const mail = [...api.stack.smtp.messages].reverse().find((m) => m.to.includes(email));
    const token = mail?.text.match(/token=([\w-]+)/)?.[1];
    assert.ok(token, `a verification link was mailed to ${email}`);
    return token;
  };

  const subscriptionEvent = (accountId: string) => signedSubscriptionEvent({ secret: WEBHOOK_SECRET, accountId });

  test('between the verified copy and the switch nothing about the account is written; the requests refused then succeed after', async () => {
    const operator = await api.createOperator();
    const email = `window-${randomUUID().slice(0, 8)}@example.test`;
    const { accountId, session } = await signUp(email);
    const publicRequest = { email, type: 'access', jurisdiction: 'gdpr' };
    // A privacy request made before the move and not yet verified: its link is followed during and after it.
    const early = await api.request('POST', '/v1/public/data-subject-requests', { body: publicRequest });
    assert.equal(early.status, 202, early.text);
    const token = verificationToken(email);

    type Answer = { status: number; code?: string; retryAfter: string | null };
    const inWindow: Record<string, Answer> = {};
    const written: Array<Record<string, number>> = [];
    const answer = (r: { status: number; headers: Headers; body: unknown }): Answer => ({
      status: r.status,
      code: (r.body as { error?: { code?: string } } | undefined)?.error?.code,
      retryAfter: r.headers.get('retry-after'),
    });
    const tally = async () => ({
      euRequests: await count(api.stack.database.db, 'data_subject_requests', {}),
      usRequests: await count(us.db, 'data_subject_requests', {}),
      euAudit: await count(api.stack.database.db, 'audit_log', {}),
      usAudit: await count(us.db, 'audit_log', {}),
      euPlan: await count(api.stack.database.db, 'accounts', { id: accountId, plan: 'growth' }),
    });
    hooks.beforeSwitch = async (step) => {
      if (step.accountId !== accountId) return;
      hooks.beforeSwitch = undefined;
      written.push(await tally());
      inWindow.submit = answer(await api.request('POST', '/v1/public/data-subject-requests', { body: publicRequest }));
      inWindow.verify = answer(await api.request('GET', `/v1/public/data-subject-requests/verify?token=${token}`));
      inWindow.member = answer(
        await api.request('POST', '/v1/data-subject-requests', {
          token: session.token,
          body: { type: 'erasure', jurisdiction: 'gdpr' },
        }),
      );
      inWindow.deletion = answer(await api.request('POST', '/v1/account/deletion', { token: session.token }));
      inWindow.me = answer(await api.request('GET', '/v1/me', { token: session.token }));
      inWindow.stripe = answer(await api.request('POST', '/v1/billing/stripe-webhook', subscriptionEvent(accountId)));
      written.push(await tally());
    };

    const started = await api.request<{ workflowId: string }>('POST', `/v1/operator/accounts/${accountId}/move`, {
      token: operator.token,
      body: { region: 'us' },
    });
    assert.equal(started.status, 202, started.text);
    const result = await env.client.workflow.getHandle<typeof accountMoveWorkflow>(started.body.workflowId).result();
    assert.equal(result.state, 'moved');

    const refused = { status: 503, code: 'SERVICE_UNAVAILABLE', retryAfter: '60' };
    assert.deepEqual(inWindow, {
      submit: refused,
      verify: refused,
      member: refused,
      deletion: refused,
      me: { status: 200, code: undefined, retryAfter: null },
      stripe: refused,
    });
    assert.equal(written.length, 2, 'the window was reached');
    assert.deepEqual(written[1], written[0], 'nothing was written in either database in the window');

    // The unverified request moved with the account; its link works in the new home and matches the user there.
    assert.equal(await count(us.db, 'data_subject_requests', { subject_email: email }), 1);
    const verified = await api.request<{ requestId: string }>(
      'GET',
      `/v1/public/data-subject-requests/verify?token=${token}`,
    );
    assert.equal(verified.status, 200, verified.text);
    const moved = await us.db('data_subject_requests').where({ id: verified.body.requestId }).first('account_id');
    assert.equal(moved?.account_id, accountId);
    // The refused ones, asked again, reach the US.
    const again = await api.request('POST', '/v1/public/data-subject-requests', { body: publicRequest });
    assert.equal(again.status, 202, again.text);
    assert.equal(await count(us.db, 'data_subject_requests', { subject_email: email }), 2);
    const billed = await api.request<{ outcome: string }>(
      'POST',
      '/v1/billing/stripe-webhook',
      subscriptionEvent(accountId),
    );
    assert.deepEqual([billed.status, billed.body.outcome], [200, 'applied'], billed.text);
    assert.equal(await count(us.db, 'accounts', { id: accountId, plan: 'growth' }), 1);
    assert.deepEqual((await tablesMentioning(api.stack.database.db, email)).found, []);
  });

  test('a move whose copy fails is abandoned: the copy leaves the target and the account is active again at home', async () => {
    const operator = await api.createOperator();
    const email = `failing-${randomUUID().slice(0, 8)}@example.test`;
    const { accountId, session } = await signUp(email);
    hooks.afterCopy = async (step) => {
      if (step.accountId !== accountId) return;
      // The rows are in the target by now: the abandonment has to take them out again.
      assert.ok((await count(us.db, 'users', { account_id: accountId })) > 0);
      throw ApplicationFailure.nonRetryable('the target refused the copy', 'TargetRefused');
    };
    try {
      const started = await api.request<{ workflowId: string }>('POST', `/v1/operator/accounts/${accountId}/move`, {
        token: operator.token,
        body: { region: 'us' },
      });
      assert.equal(started.status, 202, started.text);
      await assert.rejects(env.client.workflow.getHandle<typeof accountMoveWorkflow>(started.body.workflowId).result());
    } finally {
      hooks.afterCopy = undefined;
    }
    await assertAbandoned(accountId, email, session.token, 'TargetRefused');
  });

  test('an operator cancels a move during its copy: it is abandoned the same way', async () => {
    const operator = await api.createOperator();
    const email = `cancelled-${randomUUID().slice(0, 8)}@example.test`;
    const { accountId, session } = await signUp(email);
    hooks.afterCopy = async (step) => {
      if (step.accountId !== accountId) return;
      hooks.afterCopy = undefined;
      await env.client.workflow.getHandle(step.moveId).cancel();
      // The copy hears of the cancellation through its heartbeats, as a long copy would.
      for (;;) {
        heartbeat();
        await Promise.race([Context.current().cancelled, new Promise((resolve) => setTimeout(resolve, 100))]);
      }
    };
    const started = await api.request<{ workflowId: string }>('POST', `/v1/operator/accounts/${accountId}/move`, {
      token: operator.token,
      body: { region: 'us' },
    });
    assert.equal(started.status, 202, started.text);
    await assert.rejects(env.client.workflow.getHandle<typeof accountMoveWorkflow>(started.body.workflowId).result());
    await assertAbandoned(accountId, email, session.token, 'cancelled');
  });

  async function assertAbandoned(accountId: string, email: string, token: string, reason: string) {
    const eu = api.stack.database.db;
    assert.deepEqual(await eu('accounts').where({ id: accountId }).first('status', 'region', 'moving_to'), {
      status: 'active',
      region: 'eu',
      moving_to: null,
    });
    assert.deepEqual((await tablesMentioning(us.db, accountId)).found, [], 'nothing of the account in the target');
    assert.deepEqual((await tablesMentioning(us.db, email)).found, []);
    const trail = await eu('audit_log').where({ account_id: accountId }).orderBy('id').select('action', 'summary');
    assert.deepEqual(
      trail.slice(-2).map((e) => e.action),
      ['account.move_started', 'account.move_abandoned'],
    );
    assert.equal((trail.at(-1)?.summary as { reason?: string }).reason, reason);
    // The owner works again, and so does the privacy center.
    const keys = await api.request('POST', '/v1/api-keys', { token, body: { name: 'after the move' } });
    assert.equal(keys.status, 201, keys.text);
    const request = await api.request('POST', '/v1/public/data-subject-requests', {
      body: { email, type: 'access', jurisdiction: 'gdpr' },
    });
    assert.equal(request.status, 202, request.text);
  }
});
