/**
 * A production worker in its own process, so a test can kill it with SIGKILL
 * mid-activity and start another, as a crashed machine would.
 * Reads the same environment as activities/worker/main.ts, on one queue.
 */
import { loadConfig } from '../../platform/config/config';
import { createServices } from '../../activities/worker/services';
import { createWorkerConnection } from '../../platform/temporal/connection';
import { createAutraceWorker } from '../../activities/worker/worker';

const config = loadConfig();
const services = createServices(config, 'test-worker');
const connection = await createWorkerConnection(config.temporal);
const worker = await createAutraceWorker({
  connection,
  namespace: config.temporal.namespace,
  taskQueue: process.env.TEST_TASK_QUEUE ?? 'autrace-eu',
  deps: services,
  workflowBundlePath: config.temporal.workflowBundlePath,
  // The time-skipping test server never hands a dead worker's sticky queue over to a new worker; without a cache there is none.
  overrides: { maxCachedWorkflows: 0 },
});
process.stdout.write('worker ready\n');
await worker.run();
await connection.close();
await services.close();
