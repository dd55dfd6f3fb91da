import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { freePort, waitForPort } from '../../../scripts/local-services';
import { createDatabase, type Database } from '../../../platform/database/database';
import {
  APPLICATION_ROLE,
  applicationRoleRefusal,
  OWNER_ROLE,
  urlForRole,
} from '../../../platform/database/database-roles';
import { createTestDatabase, type TestDatabase } from '../../support/database';

let database: TestDatabase;
let owner: Database;

before(async () => {
  database = await createTestDatabase();
  owner = createDatabase({ url: urlForRole(database.adminUrl, OWNER_ROLE), poolMax: 1 });
});

after(async () => {
  await owner?.destroy();
  await database?.drop();
});

test('in production a superuser connection is refused, naming the role and the application role', async () => {
  const refusal = await applicationRoleRefusal(database.db, 'production');
  assert.match(refusal ?? '', /^DATABASE_URL connects as "[^"]+", a superuser/);
  assert.match(refusal ?? '', new RegExp(`application role \\(${APPLICATION_ROLE}\\)`));
});

test("in production the schema owner's connection is refused", async () => {
  const refusal = await applicationRoleRefusal(owner, 'production');
  assert.match(refusal ?? '', new RegExp(`connects as "${OWNER_ROLE}", the owner of the audit trail`));
});

test('in production the application role is accepted', async () => {
  assert.equal(await applicationRoleRefusal(database.appDb, 'production'), null);
});

test('outside production any role is accepted', async () => {
  assert.equal(await applicationRoleRefusal(database.db, 'development'), null);
  assert.equal(await applicationRoleRefusal(owner, 'test'), null);
});

const productionEnv = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'info',
  MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
  AUDIT_SIGNING_KEY: Buffer.alloc(32, 9).toString('base64'),
  DIRECTORY_EMAIL_KEY: Buffer.alloc(32, 11).toString('base64'),
  S3_OBJECT_LOCK_MODE: 'COMPLIANCE',
  PUBLIC_API_URL: 'https://api.autrace.example',
  STRIPE_SECRET_KEY: 'sk_live_own',
  STRIPE_WEBHOOK_SECRET: 'whsec_own',
};

/** gateway/main.ts in its own process, as production starts it, on the given database connection. */
async function startGateway(databaseUrl: string) {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/main.ts'], {
    env: {
      ...process.env,
      ...productionEnv,
      DATABASE_URL: databaseUrl,
      GATEWAY_PORT: String(port),
      GATEWAY_METRICS_PORT: String(metricsPort),
      GATEWAY_SPOOL_DIR: path.join(os.tmpdir(), `autrace-spool-${port}`),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, port, exited, output: () => output };
}

test('a production gateway given a superuser DATABASE_URL stops at start with the reason', async () => {
  const gateway = await startGateway(database.adminUrl);
  assert.equal(await gateway.exited, 1);
  const lines = gateway
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg: string });
  const fatal = lines.find((line) => line.level === 60);
  assert.match(fatal?.msg ?? '', /DATABASE_URL connects as "[^"]+", a superuser/);
  assert.ok(!lines.some((line) => /gateway listening/.test(line.msg)), 'it never listened');
});

test('a production gateway on the application role starts', async () => {
  const gateway = await startGateway(database.url);
  try {
    await waitForPort(gateway.port, 'gateway', 30_000, gateway.child);
  } finally {
    gateway.child.kill('SIGTERM');
    await gateway.exited;
  }
  assert.doesNotMatch(gateway.output(), /DATABASE_URL connects as/);
});
