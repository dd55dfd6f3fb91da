import { loadConfig } from '../platform/config/config';
import { createDatabase } from '../platform/database/database';
import { refuseUnlessApplicationRole } from '../platform/database/database-roles';
import { initErrorReporting } from '../platform/observability/error-reporting';
import { createLogger } from '../platform/observability/logger';
import { startGateway } from './app';

const config = loadConfig();
await initErrorReporting(config, 'gateway');
const logger = createLogger(config, 'gateway');
const db = createDatabase({
  url: config.database.url,
  poolMax: config.database.poolMax,
  applicationName: 'autrace-gateway',
});
await refuseUnlessApplicationRole(db, config.env, logger);
const gateway = await startGateway({ config, db, logger });
logger.info({ url: gateway.url }, 'gateway listening');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info('gateway stopping: draining requests and log rows');
    void gateway
      .close()
      .then(() => db.destroy())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  });
}
