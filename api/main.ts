import { loadConfig } from '../platform/config/config';
import { refuseUnlessApplicationRole } from '../platform/database/database-roles';
import { flushErrorReports, initErrorReporting } from '../platform/observability/error-reporting';
import { createListener, listenerScheme } from '../platform/tls/listener';
import { createApiApp } from './app';
import { createApiDeps } from './deps';

/** `npm run api`: the Management API. /healthz answers 200 once Postgres does. */
const config = loadConfig();
await initErrorReporting(config, 'api');
const deps = createApiDeps(config);
await refuseUnlessApplicationRole(deps.db, config.env, deps.logger);
const server = createListener(config.tls, {}, createApiApp(deps).callback());
server.listen(config.api.port, config.api.host, () => {
  deps.logger.info(
    { url: `${listenerScheme(config.tls)}://${config.api.host}:${config.api.port}` },
    'management API listening',
  );
});

async function shutdown(signal: string): Promise<void> {
  deps.logger.info({ signal }, 'shutting down');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await deps.close();
  await flushErrorReports();
  process.exit(0);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(signal));
