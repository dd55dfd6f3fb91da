import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Config } from '../platform/config/config';
import { connectionSettings, createDatabase, databaseIsReachable, type Database } from '../platform/database/database';
import { createLogger, type Logger } from '../platform/observability/logger';
import { startKeyChangeFeed, type KeyChangeFeed } from './auth/key-changes';
import { createKeyStore, type KeyStore } from './auth/key-store';
import { GatewayError, writeError } from './http/wire-errors';
import { createLogWriter, type LogWriter } from './logging/batch-writer';
import { openSpool } from './logging/spool';
import { createGatewayMetrics, type GatewayMetrics } from './observability/metrics';
import { createProviderRegistry } from './providers/registry';
import type { ProxyContext } from './proxy/context';
import { chatCompletions, embeddings, messages, responses, type EndpointSpec } from './proxy/endpoints';
import { handleLlmRequest } from './proxy/handle-llm-request';
import { handleModels } from './proxy/handle-models';

export interface GatewayDeps {
  config: Config;
  db: Database;
  logger: Logger;
  /** Batch-writer tuning (tests use a short interval). */
  logFlushIntervalMs?: number;
}

export interface GatewayApp {
  /** The node:http request listener: plain routing, no middleware stack on the hot path. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  writer: LogWriter;
  metrics: GatewayMetrics;
  keyStore: KeyStore;
  keyChanges: KeyChangeFeed;
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
  const keyStore = createKeyStore({ db, masterKey: config.keys.master, logger, changes: keyChanges });
  metrics = createGatewayMetrics({
    spoolDepth: () => writer.spoolDepth,
    queued: () => writer.queued,
    keyLookups: () => keyStore.lookups,
  });
  const registry = createProviderRegistry(config);
  const ctx: ProxyContext = {
    config,
    keyStore,
    registry,
    writer,
    metrics,
    logger,
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
  async function health(res: ServerResponse): Promise<void> {
    if (Date.now() - lastCheck > HEALTH_CACHE_MS) {
      lastCheck = Date.now();
      databaseUp = await databaseIsReachable(db, 1_000);
      if (databaseUp) ready = true;
    }
    // Ready once Postgres has answered; later outages do not stop proxying (rows spool), so it stays ready.
    const payload = JSON.stringify({
      status: ready ? 'ok' : 'starting',
      database: databaseUp ? 'up' : 'down',
      spooledRows: writer.spoolDepth,
    });
    res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
    res.end(payload);
  }

  async function serveMetrics(res: ServerResponse): Promise<void> {
    const registry = ctx.metrics.registry;
    const body = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType });
    res.end(body);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    let work: Promise<void>;
    if (req.method === 'POST' && POST_ROUTES.has(path))
      work = handleLlmRequest(ctx, POST_ROUTES.get(path) as EndpointSpec, req, res);
    else if (req.method === 'GET' && path === '/v1/models') work = handleModels(ctx, req, res);
    else if (req.method === 'GET' && path === '/healthz') work = health(res);
    else if (req.method === 'GET' && path === '/metrics') work = serveMetrics(res);
    else {
      const known = POST_ROUTES.has(path) || path === '/v1/models';
      req.resume();
      writeError(
        res,
        path.startsWith('/v1/messages') ? 'anthropic' : 'openai',
        new GatewayError(
          known ? 'invalid_request' : 'not_found',
          known ? `${req.method ?? ''} is not allowed on ${path}` : `Unknown endpoint ${path}`,
        ),
        randomUUID(),
      );
      return;
    }
    work.catch((error: unknown) => {
      logger.error({ err: { message: (error as Error).message } }, 'unhandled gateway error');
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  }

  return {
    handle,
    writer,
    metrics,
    keyStore,
    keyChanges,
    async close() {
      clearInterval(partitionTimer);
      await keyChanges.close();
      await registry.close();
      await writer.close();
    },
  };
}

export interface RunningGateway {
  url: string;
  port: number;
  app: GatewayApp;
  server: Server;
  close(): Promise<void>;
}

/** Starts the gateway's HTTP server. Without `db`/`logger` it creates them from the config (and closes them). */
export async function startGateway(options: {
  config: Config;
  db?: Database;
  logger?: Logger;
  port?: number;
  host?: string;
  logFlushIntervalMs?: number;
}): Promise<RunningGateway> {
  const { config } = options;
  const ownDb = !options.db;
  const db =
    options.db ??
    createDatabase({ url: config.database.url, poolMax: config.database.poolMax, applicationName: 'autrace-gateway' });
  const logger = options.logger ?? createLogger(config, 'gateway');
  const app = await createGatewayApp({ config, db, logger, logFlushIntervalMs: options.logFlushIntervalMs });
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, (req, res) => app.handle(req, res));
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? config.gateway.port, options.host ?? config.gateway.host, resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? config.gateway.host}:${port}`,
    port,
    app,
    server,
    async close() {
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
