import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { pino } from 'pino';
import { ALL_SEARCH_ATTRIBUTES, taskQueueFor } from '../../../temporal.config';
import path from 'node:path';
import { createTemporalClient, registerSearchAttributes } from '../../../platform/temporal/connection';
import { freePort, startTemporalDevServer, tempDir } from '../../../scripts/local-services';
import { createAutraceWorker } from '../../../activities/worker/worker';
import { createTestStack, type TestStack } from '../../support/stack';
import { createTimeSkippingEnvironment } from '../../support/temporal';

let stack: TestStack;
let env: TestWorkflowEnvironment;

before(async () => {
  [stack, env] = await Promise.all([createTestStack(), createTimeSkippingEnvironment()]);
});

after(async () => {
  await env?.teardown();
  await stack?.close();
});

test('registering the search attributes on a real Temporal server is idempotent and leaves all of them there', async () => {
  const devServer = await startTemporalDevServer({
    port: await freePort(),
    uiPort: await freePort(),
    dbFile: path.join(tempDir('temporal'), 'temporal.db'),
    namespace: 'default',
  });
  const client = await createTemporalClient({ ...stack.config.temporal, address: devServer.url, namespace: 'default' });
  try {
    const logger = pino({ level: 'silent' });
    await registerSearchAttributes(client, 'default', logger);
    await registerSearchAttributes(client, 'default', logger);
    const listed = await client.connection.operatorService.listSearchAttributes({ namespace: 'default' });
    for (const key of ALL_SEARCH_ATTRIBUTES) {
      assert.ok(key.name in (listed.customAttributes ?? {}), `${key.name} is registered`);
    }
  } finally {
    await client.connection.close();
    await devServer.stop();
  }
});

test('the production worker bundles every workflow and starts on a region queue', async () => {
  const worker = await createAutraceWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: taskQueueFor('eu'),
    deps: stack.deps,
  });
  let stateWhileRunning = '';
  await worker.runUntil(() => {
    stateWhileRunning = worker.getState();
    return Promise.resolve();
  });
  assert.equal(stateWhileRunning, 'RUNNING');
  assert.equal(worker.getState(), 'STOPPED');
});
