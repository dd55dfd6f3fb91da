/**
 * A production worker in its own process, so a test can kill it with SIGKILL
 * mid-activity and start another, as a crashed machine would.
 * Reads the same environment as activities/worker/main.ts, on one queue.
 */
import { loadConfig, REGIONS } from '../../platform/config/config';
import { createRegionalServices } from '../../activities/worker/services';
import { createWorkerConnection } from '../../platform/temporal/connection';
import { createAutraceWorker } from '../../activities/worker/worker';
import { ACCOUNT_MOVE_TASK_QUEUE } from '../../temporal.config';

const config = loadConfig();
const taskQueue = process.env.TEST_TASK_QUEUE ?? 'autrace-eu';
// The queue's region, whose database the activities work on (as a worker of WORKER_REGIONS would).
// The moves queue: a worker serving every region, as activities/worker/main.ts runs it.
const region = REGIONS.find((r) => taskQueue === `autrace-${r}`) ?? 'eu';
const moves = taskQueue === ACCOUNT_MOVE_TASK_QUEUE;
const services = createRegionalServices(config, 'test-worker', moves ? REGIONS : [region]);
const connection = await createWorkerConnection(config.temporal);
const worker = await createAutraceWorker({
  connection,
  namespace: config.temporal.namespace,
  taskQueue,
  deps: moves ? services.shared : services.of(region),
  workflowBundlePath: config.temporal.workflowBundlePath,
  // The time-skipping test server never hands a dead worker's sticky queue over to a new worker; without a cache there is none.
  overrides: { maxCachedWorkflows: 0 },
});
process.stdout.write('worker ready\n');
await worker.run();
await connection.close();
await services.close();
