import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { Client } from '@temporalio/client';
import { DefaultLogger, Runtime, type NativeConnection, type Worker } from '@temporalio/worker';
import { pino } from 'pino';
import { createRegionalServices, type RegionalServices } from '../../activities/worker/services';
import { bundleWorkflows, createAutraceWorker } from '../../activities/worker/worker';
import { carryExportSchedules } from '../../platform/regions/account-move';
import {
  createTemporalClient,
  createWorkerConnection,
  registerSearchAttributes,
} from '../../platform/temporal/connection';
import { ACCOUNT_MOVE_TASK_QUEUE, scheduleIds, taskQueueFor, workflowIds } from '../../temporal.config';
import type { accountMoveWorkflow } from '../../workflows/account-move';
import type { scheduledExportWorkflow } from '../../workflows/scheduled-export';
import { freePort, startTemporalDevServer, tempDir, type LocalService } from '../../scripts/local-services';
import { startTestApi, type TestApi } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { waitForMail } from '../support/dsr-harness';

/**
 * An account with recurring exports moves from the EU to the US, on a real Temporal server (the test server
 * has no Schedules): its Schedules follow it, and the next scheduled export runs in the US — on the US queue,
 * against the US database, into the US bucket. Workers serve the moves queue and each region's queue.
 */
describe('moving an account with recurring exports', () => {
  let devServer: LocalService;
  let client: Client;
  let connection: NativeConnection;
  let us: TestDatabase;
  let api: TestApi;
  let services: RegionalServices;
  const workers: Array<{ worker: Worker; running: Promise<void> }> = [];

  before(async () => {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    devServer = await startTemporalDevServer({
      port: await freePort(),
      uiPort: await freePort(),
      dbFile: path.join(tempDir('temporal'), 'temporal.db'),
      namespace: 'default',
    });
    us = await createTestDatabase();
    api = await startTestApi({ env: { DATABASE_URL_US: us.url }, temporal: () => Promise.resolve(client) });
    const temporal = { ...api.stack.config.temporal, address: devServer.url, namespace: 'default' };
    client = await createTemporalClient(temporal);
    await registerSearchAttributes(client, 'default', pino({ level: 'silent' }));
    connection = await createWorkerConnection(temporal);
    services = createRegionalServices(api.stack.config, 'test-worker', ['eu', 'us', 'apac'], {
      byUrl: new Map([
        [api.stack.database.url, api.stack.database.appDb],
        [us.url, us.appDb],
      ]),
    });
    const workflowBundleCode = await bundleWorkflows();
    const queues = [
      { taskQueue: ACCOUNT_MOVE_TASK_QUEUE, deps: services.shared },
      { taskQueue: taskQueueFor('eu'), deps: services.of('eu') },
      { taskQueue: taskQueueFor('us'), deps: services.of('us') },
    ];
    for (const { taskQueue, deps } of queues) {
      const worker = await createAutraceWorker({
        connection,
        namespace: 'default',
        taskQueue,
        deps,
        workflowBundleCode,
      });
      workers.push({ worker, running: worker.run() });
    }
  });

  after(async () => {
    for (const { worker } of workers) worker.shutdown();
    await Promise.all(workers.map((w) => w.running));
    await connection?.close();
    await services?.close();
    await api?.close();
    await client?.connection.close();
    await devServer?.stop();
    await us?.drop();
  });

  const scheduleOf = (id: string) => client.schedule.getHandle(scheduleIds.scheduledExport(id)).describe();

  test('its Schedules follow it to the US, paused ones paused, and the next scheduled export runs in the US', async () => {
    const operator = await api.createOperator();
    const { accountId, owner } = await api.createAccount({ plan: 'growth' });
    const create = async (cron: string) => {
      const created = await api.request<{ id: string }>('POST', '/v1/export-schedules', {
        token: owner.token,
        body: { cron, categories: ['audit_log'] },
      });
      assert.equal(created.status, 201, created.text);
      return created.body.id;
    };
    const weekly = await create('0 3 * * 1');
    const monthly = await create('0 4 1 * *');
    const paused = await api.request('POST', `/v1/export-schedules/${monthly}/pause`, { token: owner.token });
    assert.equal(paused.status, 200, paused.text);
    const [weeklyBefore, monthlyBefore] = [await scheduleOf(weekly), await scheduleOf(monthly)];
    assert.equal(weeklyBefore.action.taskQueue, taskQueueFor('eu'));

    const started = await api.request<{ workflowId: string }>('POST', `/v1/operator/accounts/${accountId}/move`, {
      token: operator.token,
      body: { region: 'us' },
    });
    assert.equal(started.status, 202, started.text);
    const moved = await client.workflow.getHandle<typeof accountMoveWorkflow>(started.body.workflowId).result();
    assert.equal(moved.state, 'moved');

    const [weeklyAfter, monthlyAfter] = [await scheduleOf(weekly), await scheduleOf(monthly)];
    assert.deepEqual(
      [weeklyAfter.action.taskQueue, weeklyAfter.state.paused, weeklyAfter.spec],
      [taskQueueFor('us'), false, weeklyBefore.spec],
    );
    assert.deepEqual(
      [monthlyAfter.action.taskQueue, monthlyAfter.state.paused, monthlyAfter.spec],
      [taskQueueFor('us'), true, monthlyBefore.spec],
    );
    const movedIn = await us.db('audit_log').where({ account_id: accountId, action: 'account.moved_in' }).first();
    assert.deepEqual(
      [movedIn?.actor_id, (movedIn?.summary as { exportSchedules?: string[] }).exportSchedules?.sort()],
      [operator.userId, [weekly, monthly].sort()],
    );

    // The weekly Schedule's next run, now rather than on Monday.
    await client.schedule.getHandle(scheduleIds.scheduledExport(weekly)).trigger();
    const deadline = Date.now() + 30_000;
    let taken: string | undefined;
    while (!(taken = (await scheduleOf(weekly)).info.recentActions[0]?.action.workflow.workflowId)) {
      assert.ok(Date.now() < deadline, 'the Schedule started its run');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // A Schedule's runs are named after its action's workflow ID and the time they were due.
    assert.ok(taken.startsWith(workflowIds.scheduledExport(weekly)), taken);
    const run = client.workflow.getHandle<typeof scheduledExportWorkflow>(taken);
    const { exportId } = await run.result();
    assert.ok(exportId, 'the run exported');
    assert.equal((await run.describe()).taskQueue, taskQueueFor('us'));
    const record = await us.db('exports').where({ id: exportId }).first();
    assert.deepEqual([record?.region, record?.status, record?.schedule_id], ['us', 'completed', weekly]);
    assert.equal(await api.stack.database.db('exports').where({ account_id: accountId }).first(), undefined);
    const storage = services.shared.storage;
    await storage
      .clientFor('us')
      .send(new HeadObjectCommand({ Bucket: storage.bucketFor('us'), Key: record?.s3_key ?? '' }));
    await assert.rejects(
      storage
        .clientFor('eu')
        .send(new HeadObjectCommand({ Bucket: storage.bucketFor('eu'), Key: record?.s3_key ?? '' })),
      'nothing of it in the EU bucket',
    );
    await waitForMail(
      api.stack,
      (m) => m.to.includes(owner.email) && /scheduled Autrace export is ready/.test(m.subject),
    );

    // A repeat of the step (a retried activity) leaves the Schedules as they are, and one lost on the Temporal
    // side meanwhile is created again, still paused.
    await client.schedule.getHandle(scheduleIds.scheduledExport(monthly)).delete();
    const again = await carryExportSchedules(us.db, client, { accountId, to: 'us' });
    assert.deepEqual(again.sort(), [weekly, monthly].sort());
    const [weeklyAgain, monthlyAgain] = [await scheduleOf(weekly), await scheduleOf(monthly)];
    assert.deepEqual(
      [weeklyAgain.action.taskQueue, weeklyAgain.state.paused, weeklyAgain.info.recentActions.length],
      [taskQueueFor('us'), false, 1],
    );
    assert.deepEqual([monthlyAgain.action.taskQueue, monthlyAgain.state.paused], [taskQueueFor('us'), true]);
  });
});
