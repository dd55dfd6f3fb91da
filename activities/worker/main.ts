import { ACCOUNT_MOVE_TASK_QUEUE, taskQueueFor } from '../../temporal.config';
import { loadConfig, REGIONS } from '../../platform/config/config';
import { refuseUnlessApplicationRole } from '../../platform/database/database-roles';
import { createRegionalServices } from './services';
import { startBudgetAlertSender } from '../../platform/budgets/budget-alerts';
import { ensureAuditArchiveSchedules } from '../../platform/temporal/audit-archive-schedules';
import {
  createTemporalClient,
  createWorkerConnection,
  registerSearchAttributes,
} from '../../platform/temporal/connection';
import { ensureRetentionSchedules } from '../../platform/temporal/retention-schedules';
import { ensureBuckets } from '../../platform/storage/object-storage';
import { BUILT_WORKFLOW_BUNDLE, bundleWorkflowsOnce, createAutraceWorker } from './worker';

/**
 * Worker entry point: one worker per region it serves (WORKER_REGIONS, default all), each polling its
 * region's task queue with activities bound to that region's database and bucket.
 */
const config = loadConfig();
const served = config.regions.workerRegions;
const services = createRegionalServices(config, 'worker', served);
const { logger } = services.shared;
for (const region of served) await refuseUnlessApplicationRole(services.of(region).db, config.env, logger);
const client = await createTemporalClient(config.temporal);
await registerSearchAttributes(client, config.temporal.namespace, logger);
await ensureAuditArchiveSchedules(client, config, logger, served);
await ensureRetentionSchedules(client, logger, served);
// Default encryption and the export archives' expiry are bucket settings: set (or updated) at every start.
const buckets = await ensureBuckets(services.shared.storage, served);
if (buckets.unsupported.length > 0) {
  if (config.env === 'production')
    throw new Error(`the S3 server does not implement ${buckets.unsupported.join(' and ')} on its buckets`);
  logger.warn({ unsupported: buckets.unsupported }, 'the S3 server ignores these bucket settings');
}
const connection = await createWorkerConnection(config.temporal);
const workflowBundlePath = config.temporal.workflowBundlePath ?? BUILT_WORKFLOW_BUNDLE;
const workflowBundleCode = await bundleWorkflowsOnce(workflowBundlePath);

const workers = await Promise.all(
  served.map((region) =>
    createAutraceWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: taskQueueFor(region),
      deps: services.of(region),
      workflowBundlePath,
      workflowBundleCode,
    }),
  ),
);
// Moves between regions need both regions' databases: only a worker serving every region takes them.
if (REGIONS.every((region) => served.includes(region)))
  workers.push(
    await createAutraceWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: ACCOUNT_MOVE_TASK_QUEUE,
      deps: services.shared,
      workflowBundlePath,
      workflowBundleCode,
    }),
  );
logger.info({ taskQueues: workers.map((worker) => worker.options.taskQueue) }, 'worker started');
// Budget alerts the gateways recorded (soft thresholds crossed), e-mailed off the gateway's hot path:
// one sender per database served.
const budgetAlerts = services
  .distinct()
  .map((deps) => startBudgetAlertSender({ ...deps, intervalMs: config.budgets.alertIntervalMs }));

try {
  // Worker.run resolves after shutdown; the SDK shuts down on SIGINT/SIGTERM.
  await Promise.all(workers.map((worker) => worker.run()));
} finally {
  await Promise.all(budgetAlerts.map((sender) => sender.stop()));
  await connection.close();
  await client.connection.close();
  await services.close();
}
