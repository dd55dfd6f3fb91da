import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa, { type Middleware } from 'koa';
import { createListener, listenerScheme } from '../platform/tls/listener';
import type { Config } from '../platform/config/config';
import { connectionSettings, createDatabase, databaseIsReachable, type Database } from '../platform/database/database';
import { createLogger, type Logger } from '../platform/observability/logger';
import { startKeyChangeFeed, type KeyChangeFeed } from './auth/key-changes';
import { createKeyStore, type KeyStore } from './auth/key-store';
import { createSpendControl, type SpendControl } from './budgets/spend-control';
import { createRateLimiter, type RateLimiter } from './limits/rate-limiter';
import { createGatewayKoa, type GatewayState } from './http/middleware';
import { GatewayError } from './http/wire-errors';
import { createLogWriter, type LogWriter } from './logging/batch-writer';
import { openSpool } from './logging/spool';
import { createGatewayMetrics, type GatewayMetrics } from './observability/metrics';
import { createTracer, type GatewayTracer } from './observability/tracing';
import type { AccountConnections } from './providers/connections/account-connections';
import { createProviderRegistry } from './providers/registry';
import type { ProxyContext } from './proxy/context';
import { chatCompletions, embeddings, messages, responses, type EndpointSpec } from './proxy/endpoints';
import { handleLlmRequest } from './proxy/handle-llm-request';
import { handleModels } from './proxy/handle-models';

export interface GatewayDeps {
  config: Config;
  /** The database of the region this gateway serves (GATEWAY_REGION), or the one database of every region. */
  db: Database;
  /** The global directory's database, read when GATEWAY_REGION is set (to place keys of other regions). */
  directory?: Database;
  logger: Logger;
  /** Batch-writer tuning (tests use a short interval). */
  logFlushIntervalMs?: number;
}

export interface GatewayApp {
  /** The public listener's request handler: the Koa app's callback (it settles when the response is done). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  writer: LogWriter;
  metrics: GatewayMetrics;
  keyStore: KeyStore;
  keyChanges: KeyChangeFeed;
  /** Accounts' own provider connections, cached with their keys opened. */
  connections: AccountConnections;
  limiter: RateLimiter;
  /** Traces to OTLP, when OTEL_EXPORTER_OTLP_ENDPOINT is set. */
  tracer: GatewayTracer | null;
  spend: SpendControl;
  /** The operator listener's handler: /metrics only, never on the public port. */
  handleOperator(req: IncomingMessage, res: ServerResponse): Promise<void>;
  close(): Promise<void>;
}

const POST_ROUTES = new Map<string, EndpointSpec>([
  [chatCompletions.path, chatCompletions],
  [responses.path, responses],
  [embeddings.path, embeddings],
  [messages.path, messages],
]);

const HEALTH_CACHE_MS = 1_000;
const PARTITION_INTERVAL_MS = 6 * 60 * 60 * 1000;

export async function createGatewayApp(deps: GatewayDeps): Promise<GatewayApp> {
  const { config, db, logger } = deps;
  const spool = await openSpool(config.gateway.spoolDir, config.gateway.spoolMaxBytes);
  let metrics: GatewayMetrics | null = null;
  const writer = createLogWriter({
    db,
    spool,
    logger,
    flushIntervalMs: deps.logFlushIntervalMs ?? 100,
    onDropped: (rows) => metrics?.droppedLogRows.inc(rows),
  });
  const keyChanges = startKeyChangeFeed({ connection: connectionSettings(db, 'autrace-gateway-key-changes'), logger });
  const keyStore = createKeyStore({
    db,
    masterKey: config.keys.master,
    logger,
    changes: keyChanges,
    maxStaleMs: config.gateway.keyMaxStaleMs,
    authFailuresPerMinute: config.gateway.authFailuresPerMinute,
    ...(config.regions.gatewayRegion
      ? {
          region: {
            serves: config.regions.gatewayRegion,
            directory: deps.directory ?? db,
            gatewayUrls: config.regions.gatewayUrls,
          },
        }
      : {}),
  });
  const limiter = createRateLimiter({ instanceCount: config.gateway.instanceCount });
  metrics = createGatewayMetrics({
    spoolDepth: () => writer.spoolDepth,
    queued: () => writer.queued,
    keyLookups: () => keyStore.lookups,
  });
  const registry = createProviderRegistry({ config, db, logger, changes: keyChanges });
  const tracer = await createTracer(config);
  const spend = createSpendControl({
    db,
    logger,
    changes: keyChanges,
    defaultMaxTokens: config.gateway.budgetDefaultMaxTokens,
    leaseStaleMs: config.gateway.budgetLeaseStaleMs,
  });
  const ctx: ProxyContext = {
    config,
    keyStore,
    limiter,
    registry,
    writer,
    metrics,
    logger,
    tracer,
    spend,
  };

  // Partitions ahead of time keep rows out of the default partition (retention drops whole days).
  const ensurePartitions = () =>
    void db.raw(`select ensure_gateway_log_partitions((now() at time zone 'utc')::date, 3)`).catch(() => undefined);
  ensurePartitions();
  const partitionTimer = setInterval(ensurePartitions, PARTITION_INTERVAL_MS);
  partitionTimer.unref();

  let ready = false;
  let lastCheck = 0;
  let databaseUp = false;
  /** GET /healthz: ready once Postgres has answered; later outages do not stop proxying (rows spool), so it stays ready. */
  const health: Middleware<GatewayState> = async (context, next) => {
    if (context.path !== '/healthz' || context.method !== 'GET') {
      await next();
      return;
    }
    if (Date.now() - lastCheck > HEALTH_CACHE_MS) {
      lastCheck = Date.now();
      databaseUp = await databaseIsReachable(db, 1_000);
      if (databaseUp) ready = true;
    }
    context.status = ready ? 200 : 503;
    context.body = {
      status: ready ? 'ok' : 'starting',
      database: databaseUp ? 'up' : 'down',
      spooledRows: writer.spoolDepth,
    };
  };

  /**
   * The last middleware: the proxy takes over the raw response (`respond = false`) and writes it itself,
   * streaming frame by frame with one writeHead, as it did before any middleware ran.
   */
  const proxy: Middleware<GatewayState> = (context) => {
    const path = context.path;
    const method = context.method;
    const spec = POST_ROUTES.get(path);
    if (spec && method === 'POST') {
      context.respond = false;
      return handleLlmRequest(ctx, spec, context.req, context.res, context.state.requestId);
    }
    if (path === '/v1/models' && method === 'GET') {
      context.respond = false;
      return handleModels(ctx, context.req, context.res, context.state.requestId);
    }
    const known = spec !== undefined || path === '/v1/models';
    throw new GatewayError(
      known ? 'invalid_request' : 'not_found',
      known ? `${method} is not allowed on ${path}` : `Unknown endpoint ${path}`,
    );
  };

  const handle = createGatewayKoa({ logger, health, last: proxy }).callback();

  const operatorApp = new Koa();
  operatorApp.silent = true;
  operatorApp.use(async (context) => {
    if (context.method !== 'GET' || context.path !== '/metrics') {
      context.status = 404;
      context.body = 'not found';
      return;
    }
    const registry = ctx.metrics.registry;
    context.body = await registry.metrics();
    context.type = registry.contentType;
  });
  const handleOperator = operatorApp.callback();

  return {
    handle,
    handleOperator,
    writer,
    metrics,
    keyStore,
    keyChanges,
    connections: registry.connections,
    limiter,
    tracer,
    spend,
    async close() {
      clearInterval(partitionTimer);
      limiter.close();
      await spend.close();
      await keyChanges.close();
      await registry.close();
      await writer.close();
      await tracer?.shutdown();
    },
  };
}

export interface RunningGateway {
  url: string;
  port: number;
  /** The operator listener (/metrics), by default on loopback only. */
  metricsUrl: string;
  app: GatewayApp;
  server: Server;
  close(): Promise<void>;
}

/** Starts the gateway's HTTP server. Without `db`/`logger` it creates them from the config (and closes them). */
export async function startGateway(options: {
  config: Config;
  db?: Database;
  /** The directory's database (GATEWAY_REGION); `db` when not given. */
  directory?: Database;
  logger?: Logger;
  port?: number;
  host?: string;
  /** The operator listener's port (0: any free one); GATEWAY_METRICS_PORT by default. */
  metricsPort?: number;
  logFlushIntervalMs?: number;
}): Promise<RunningGateway> {
  const { config } = options;
  const ownDb = !options.db;
  const db =
    options.db ??
    createDatabase({
      url: config.regions.gatewayRegion
        ? config.regions.databases[config.regions.gatewayRegion].url
        : config.database.url,
      poolMax: config.database.poolMax,
      applicationName: 'autrace-gateway',
    });
  const logger = options.logger ?? createLogger(config, 'gateway');
  const app = await createGatewayApp({
    config,
    db,
    logger,
    logFlushIntervalMs: options.logFlushIntervalMs,
    ...(options.directory ? { directory: options.directory } : {}),
  });
  // A caller gets headersTimeout for its headers and requestTimeout for the whole request (headers and body),
  // checked every second: slow connections cannot hold sockets and memory open for ever.
  const server = createListener(
    config.tls,
    {
      keepAliveTimeout: 65_000,
      headersTimeout: config.gateway.headersTimeoutMs,
      requestTimeout: config.gateway.requestTimeoutMs,
      connectionsCheckingInterval: 1_000,
    },
    (req, res) => void app.handle(req, res),
  );
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? config.gateway.port, options.host ?? config.gateway.host, resolve),
  );
  const { port } = server.address() as AddressInfo;
  const operator = createServer({ requestTimeout: 10_000 }, (req, res) => void app.handleOperator(req, res));
  await new Promise<void>((resolve) =>
    operator.listen(options.metricsPort ?? config.gateway.metrics.port, config.gateway.metrics.host, resolve),
  );
  const metricsPort = (operator.address() as AddressInfo).port;
  return {
    url: `${listenerScheme(config.tls)}://${options.host ?? config.gateway.host}:${port}`,
    port,
    metricsUrl: `http://${config.gateway.metrics.host}:${metricsPort}`,
    app,
    server,
    async close() {
      operator.closeAllConnections();
      await new Promise<void>((resolve) => operator.close(() => resolve()));
      server.closeIdleConnections();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
      });
      await app.close();
      if (ownDb) await db.destroy();
    },
  };
}
