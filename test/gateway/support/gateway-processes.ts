import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from '../../../scripts/local-services';

export interface GatewayProcess {
  url: string;
  close(): Promise<void>;
  /** Kills the process outright (SIGKILL): nothing is flushed or returned, as when a machine dies. */
  kill(): Promise<void>;
}

/** A gateway as production runs it (gateway/main.ts in its own process), against the given database and upstream. */
export async function startGatewayProcess(env: {
  databaseUrl: string;
  fakeProviderUrl: string;
  extra?: Record<string, string>;
}): Promise<GatewayProcess> {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'gateway/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: env.databaseUrl,
      FAKE_PROVIDER_URL: env.fakeProviderUrl,
      GATEWAY_PORT: String(port),
      GATEWAY_METRICS_PORT: String(metricsPort),
      GATEWAY_SPOOL_DIR: path.join(os.tmpdir(), `autrace-spool-${port}`),
      ...env.extra,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForPort(port, 'gateway', 30_000, child);
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
