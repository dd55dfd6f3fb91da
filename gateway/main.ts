import { setFlagsFromString } from 'node:v8';
import { loadConfig } from '../platform/config/config';
import { createDatabase } from '../platform/database/database';
import { refuseUnlessApplicationRole } from '../platform/database/database-roles';
import { initErrorReporting } from '../platform/observability/error-reporting';
import { createLogger } from '../platform/observability/logger';
import { startGateway } from './app';

/**
 * The old generation may grow to 1.5× what survived the last full collection before the next one. V8 would
 * otherwise let it grow up to 4× on a host with more than 16 GB of memory: under load, request objects that
 * outlive two minor collections pile up as garbage until the next full one, and the gateway's 25–30 MB of
 * live heap peaked at about 95 MB (RSS 210–240 MB in the benchmark). A full collection of that live heap takes
 * 10–20 ms and now comes every few tens of seconds under load instead of every minute or so.
 */
setFlagsFromString('--heap-growing-percent=50');
const config = loadConfig();
await initErrorReporting(config, 'gateway');
const logger = createLogger(config, 'gateway');
// A regional gateway (GATEWAY_REGION) reads and writes only its region's database; the directory is read
// only to place keys of other regions.
const region = config.regions.gatewayRegion;
if (!region && new Set(Object.values(config.regions.databases).map((d) => d.url)).size > 1) {
  // Without a region it would serve the primary's accounts only, and call every other key invalid.
  logger.fatal('the regions have databases of their own: set GATEWAY_REGION to the region this gateway serves');
  process.exit(1);
}
const db = createDatabase({
  url: region ? config.regions.databases[region].url : config.database.url,
  poolMax: config.database.poolMax,
  applicationName: 'autrace-gateway',
});
const directory =
  region && config.regions.directory.url !== config.regions.databases[region].url
    ? createDatabase({ url: config.regions.directory.url, poolMax: 2, applicationName: 'autrace-gateway-directory' })
    : db;
await refuseUnlessApplicationRole(db, config.env, logger);
const gateway = await startGateway({ config, db, directory, logger });
logger.info({ url: gateway.url }, 'gateway listening');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info('gateway stopping: draining requests and log rows');
    void gateway
      .close()
      .then(() => Promise.all([db.destroy(), directory === db ? undefined : directory.destroy()]))
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  });
}
