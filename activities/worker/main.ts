import { taskQueueFor } from '../../temporal.config';
import { loadConfig, REGIONS } from '../../platform/config/config';
import { refuseUnlessApplicationRole } from '../../platform/database/database-roles';
import { createServices } from './services';
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

/** Worker entry point: one worker per region task queue, sharing one connection and one set of clients. */
const config = loadConfig();
const services = createServices(config, 'worker');
await refuseUnlessApplicationRole(services.db, config.env, services.logger);
const client = await createTemporalClient(config.temporal);
await registerSearchAttributes(client, config.temporal.namespace, services.logger);
await ensureAuditArchiveSchedules(client, config, services.logger);
await ensureRetentionSchedules(client, services.logger);
// Default encryption and the export archives' expiry are bucket settings: set (or updated) at every start.
const buckets = await ensureBuckets(services.storage, REGIONS);
if (buckets.unsupported.length > 0) {
  if (config.env === 'production')
    throw new Error(`the S3 server does not implement ${buckets.unsupported.join(' and ')} on its buckets`);
  services.logger.warn({ unsupported: buckets.unsupported }, 'the S3 server ignores these bucket settings');
}
const connection = await createWorkerConnection(config.temporal);
const workflowBundlePath = config.temporal.workflowBundlePath ?? BUILT_WORKFLOW_BUNDLE;
const workflowBundleCode = await bundleWorkflowsOnce(workflowBundlePath);

const workers = await Promise.all(
  REGIONS.map((region) =>
    createAutraceWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: taskQueueFor(region),
      deps: services,
      workflowBundlePath,
      workflowBundleCode,
    }),
  ),
);
services.logger.info({ taskQueues: REGIONS.map(taskQueueFor) }, 'worker started');
// Budget alerts the gateways recorded (soft thresholds crossed), e-mailed off the gateway's hot path.
const budgetAlerts = startBudgetAlertSender({ ...services, intervalMs: config.budgets.alertIntervalMs });

try {
  // Worker.run resolves after shutdown; the SDK shuts down on SIGINT/SIGTERM.
  await Promise.all(workers.map((worker) => worker.run()));
} finally {
  await budgetAlerts.stop();
  await connection.close();
  await client.connection.close();
  await services.close();
}
