import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createDatabase } from '../../platform/database/database';
import { listMigrations } from '../../platform/database/migrations';
import { projectRoot } from '../../scripts/bootstrap.mjs';
import { buildProduction } from '../../scripts/build';
import { freePort, waitForPort } from '../../scripts/local-services';
import { createTestDatabase, type TestDatabase } from '../support/database';

// Inside the project, so the bundles resolve their packages from node_modules as dist/ does.
const outDir = path.join(projectRoot, 'node_modules', '.cache', `autrace-build-${process.pid}`);
const children: ChildProcess[] = [];

/** A compiled entry under plain node: no loader flag, no NODE_OPTIONS. */
function runCompiled(entry: string, env: Record<string, string>): ChildProcess {
  const { NODE_OPTIONS: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, [path.join(outDir, entry)], {
    env: { ...inherited, NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** What ran, read from /proc: the command line and the processes it started (esbuild runs as one). */
async function processFacts(pid: number): Promise<{ argv: string[]; children: string }> {
  const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter(Boolean);
  const tasks = await readdir(`/proc/${pid}/task`);
  const childPids = await Promise.all(tasks.map((task) => readFile(`/proc/${pid}/task/${task}/children`, 'utf8')));
  return { argv, children: childPids.join('').trim() };
}

async function assertPlainNode(child: ChildProcess, entry: string): Promise<void> {
  assert.ok(child.pid);
  const facts = await processFacts(child.pid);
  assert.deepEqual(facts.argv, [process.execPath, path.join(outDir, entry)]);
  assert.equal(facts.children, '', 'the compiled service starts no other process (no esbuild service)');
}

describe('the production build', () => {
  let database: TestDatabase;

  before(async () => {
    await buildProduction(outDir);
    database = await createTestDatabase();
  });
  after(async () => {
    for (const child of children) child.kill('SIGKILL');
    await database.drop();
    await rm(outDir, { recursive: true, force: true });
  });

  test('writes one JavaScript entry per process, compiled migrations and the workflow bundle', () => {
    for (const entry of ['gateway.js', 'api.js', 'worker.js', 'migrate.js', 'cli.js', 'workflow-bundle.js']) {
      assert.ok(existsSync(path.join(outDir, entry)), entry);
    }
    assert.ok(existsSync(path.join(outDir, 'migrations', '20261126000001_accounts.js')));
  });

  test('compiled migrations build an empty database and record the names the source migrations use', async () => {
    const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? process.env.DATABASE_URL ?? '';
    const name = `autrace_build_${process.pid}`;
    const admin = createDatabase({ url: adminUrl, poolMax: 1 });
    await admin.raw(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const db = createDatabase({ url: url.toString(), poolMax: 1 });
    try {
      const migrate = runCompiled('migrate.js', { DATABASE_URL: url.toString() });
      assert.equal(await exited(migrate), 0);
      const sourceView = await listMigrations(db);
      assert.deepEqual(sourceView.pending, [], 'the source migrations see every one as applied');
      assert.ok(sourceView.completed.length > 0);
      assert.ok(await db.schema.hasTable('audit_log'));
    } finally {
      await db.destroy();
      await admin.raw(`drop database if exists ${name} with (force)`);
      await admin.destroy();
    }
  });

  test('the compiled gateway answers /healthz and refuses an unknown key in the provider’s shape, under plain node', async () => {
    const port = await freePort();
    const gateway = runCompiled('gateway.js', {
      DATABASE_URL: database.url,
      GATEWAY_PORT: String(port),
      GATEWAY_METRICS_PORT: String(await freePort()),
      GATEWAY_SPOOL_DIR: path.join(outDir, 'spool'),
    });
    await waitForPort(port, 'compiled gateway', 60_000, gateway);
    await assertPlainNode(gateway, 'gateway.js');

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { database: string }).database, 'up');

    const models = await fetch(`http://127.0.0.1:${port}/v1/models`, {
      headers: { authorization: 'Bearer ak_live_unknown' },
    });
    assert.equal(models.status, 401);
    assert.equal(((await models.json()) as { error: { code: string } }).error.code, 'invalid_api_key');
  });

  test('the compiled API serves the built web app at its root, under plain node', async () => {
    assert.ok(existsSync(path.join(outDir, 'web', 'index.html')));
    const port = await freePort();
    const api = runCompiled('api.js', {
      DATABASE_URL: database.url,
      API_PORT: String(port),
      API_WEB_DIR: path.join(outDir, 'web'),
    });
    await waitForPort(port, 'compiled API', 60_000, api);
    const page = await fetch(`http://127.0.0.1:${port}/privacy`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<div id="app">/);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
  });

  test('the compiled API answers /healthz and refuses a wrong log-in in its error shape, under plain node', async () => {
    const port = await freePort();
    const api = runCompiled('api.js', { DATABASE_URL: database.url, API_PORT: String(port) });
    await waitForPort(port, 'compiled API', 60_000, api);
    await assertPlainNode(api, 'api.js');

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(health.status, 200);

    const login = await fetch(`http://127.0.0.1:${port}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nobody@example.test', password: 'wrong password' }),
    });
    assert.equal(login.status, 401);
    const body = (await login.json()) as { error: { code: string; requestId: string } };
    assert.ok(body.error.code);
    assert.ok(body.error.requestId);
  });

  test('the compiled CLI verifies the audit chain under plain node', async () => {
    const cli = spawn(process.execPath, [path.join(outDir, 'cli.js'), 'audit', 'verify', '--json'], {
      env: { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: database.url },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    cli.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    assert.equal(await exited(cli), 0);
    assert.equal((JSON.parse(stdout) as { valid: boolean }).valid, true);
  });
});
