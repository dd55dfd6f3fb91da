import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { pino } from 'pino';
import { loadConfig, REGIONS } from '../../platform/config/config';
import { createTemporalClient, registerSearchAttributes } from '../../platform/temporal/connection';
import { ensureRetentionSchedules } from '../../platform/temporal/retention-schedules';
import { freePort, startTemporalDevServer, tempDir } from '../../scripts/local-services';
import { scheduleIds, taskQueueFor } from '../../temporal.config';
import { retentionSweepWorkflow } from '../../workflows/retention-sweep';

// The time-skipping server has no Schedules, so this runs against the real dev server.
test('one retention Schedule per region, created idempotently, starting the sweep on the region queue', async () => {
  const devServer = await startTemporalDevServer({
    port: await freePort(),
    uiPort: await freePort(),
    dbFile: path.join(tempDir('temporal-schedules'), 'temporal.db'),
    namespace: 'default',
  });
  const client = await createTemporalClient({
    ...loadConfig({ NODE_ENV: 'test' }).temporal,
    address: devServer.url,
    namespace: 'default',
  });
  try {
    const logger = pino({ level: 'silent' });
    // As the worker does at start-up, before it ensures the schedules.
    await registerSearchAttributes(client, 'default', logger);
    await ensureRetentionSchedules(client, logger);
    await ensureRetentionSchedules(client, logger);

    const ids: string[] = [];
    for await (const schedule of client.schedule.list()) ids.push(schedule.scheduleId);
    assert.deepEqual(ids.sort(), REGIONS.map(scheduleIds.retentionSweep).sort());

    for (const region of REGIONS) {
      const description = await client.schedule.getHandle(scheduleIds.retentionSweep(region)).describe();
      assert.equal(description.action.type, 'startWorkflow');
      if (description.action.type !== 'startWorkflow') continue;
      assert.equal(description.action.workflowType, retentionSweepWorkflow.name);
      assert.equal(description.action.taskQueue, taskQueueFor(region));
      assert.deepEqual(description.action.args, [{ region }]);
      assert.equal(description.policies.overlap, ScheduleOverlapPolicy.SKIP);
      assert.equal(description.policies.catchupWindow, 7 * 86_400_000);
    }
  } finally {
    await client.connection.close();
    await devServer.stop();
  }
});
