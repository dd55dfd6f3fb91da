import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createRegionalServices, type RegionalServices } from '../../activities/worker/services';
import { createAutraceWorker } from '../../activities/worker/worker';
import { ACCOUNT_MOVE_TASK_QUEUE } from '../../temporal.config';
import type { accountMoveWorkflow } from '../../workflows/account-move';
import { assertApiError, startTestApi, type TestApi } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createTimeSkippingEnvironment } from '../support/temporal';

/** The operator's route that moves an account, with a worker serving every region behind it. */
describe('POST /v1/operator/accounts/:accountId/move', () => {
  let env: TestWorkflowEnvironment;
  let us: TestDatabase;
  let api: TestApi;
  let services: RegionalServices;
  let worker: Worker;
  let running: Promise<void>;

  before(async () => {
    [env, us] = await Promise.all([createTimeSkippingEnvironment(), createTestDatabase()]);
    api = await startTestApi({ env: { DATABASE_URL_US: us.url }, temporal: () => Promise.resolve(env.client) });
    services = createRegionalServices(api.stack.config, 'test-worker', ['eu', 'us', 'apac'], {
      byUrl: new Map([
        [api.stack.database.url, api.stack.database.appDb],
        [us.url, us.appDb],
      ]),
    });
    worker = await createAutraceWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue: ACCOUNT_MOVE_TASK_QUEUE,
      deps: services.shared,
    });
    running = worker.run();
  });
  after(async () => {
    worker?.shutdown();
    await running;
    await services?.close();
    await api?.close();
    await env?.teardown();
    await us?.drop();
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
});
