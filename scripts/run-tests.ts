/**
 * The test run: type check, lint, then the whole suite against real servers.
 * Shared servers (Postgres, the S3 server) start once here; every test file
 * gets its own database and buckets, so files can run in parallel.
 */
import { spawnSync, spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase } from '../platform/database/database';
import { ensureLocalDatabaseRoles, OWNER_ROLE, urlForRole } from '../platform/database/database-roles';
import { migrateToLatest } from '../platform/database/migrations';
import { projectRoot, toolPaths } from './bootstrap.mjs';
import { freePort, startMotoServer, startPostgresUnlessConfigured } from './local-services';

// Unique per run, so two runs against one Postgres (DATABASE_URL) never share a template.
const TEMPLATE_DATABASE = `autrace_test_template_${process.pid}`;

function step(name: string, command: string, args: string[]): void {
  console.log(`\n▶ ${name}`);
  const result = spawnSync(command, args, { cwd: projectRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`✖ ${name} failed`);
    process.exit(result.status ?? 1);
  }
}

function findTestFiles(targets: string[]): string[] {
  const files: string[] = [];
  const walk = (target: string) => {
    const full = path.resolve(projectRoot, target);
    if (statSync(full).isDirectory()) {
      for (const entry of readdirSync(full)) walk(path.join(target, entry));
    } else if (/\.test\.ts$/.test(full)) {
      files.push(path.relative(projectRoot, full));
    }
  };
  for (const target of targets.length ? targets : ['test']) walk(target);
  return files.sort();
}

/**
 * Migrates a template database once, as the owner role like production; each
 * test file clones it (CREATE DATABASE … TEMPLATE), which is fast.
 */
async function prepareTemplate(adminUrl: string): Promise<void> {
  const admin = createDatabase({ url: adminUrl, poolMax: 1 });
  await ensureLocalDatabaseRoles(admin);
  await admin.raw(`drop database if exists ${TEMPLATE_DATABASE} with (force)`);
  await admin.raw(`create database ${TEMPLATE_DATABASE} owner ${OWNER_ROLE}`);
  await admin.destroy();
  const templateUrl = new URL(urlForRole(adminUrl, OWNER_ROLE));
  templateUrl.pathname = `/${TEMPLATE_DATABASE}`;
  const template = createDatabase({ url: templateUrl.toString(), poolMax: 1 });
  await migrateToLatest(template);
  await template.destroy();
}

async function dropTemplate(adminUrl: string): Promise<void> {
  const admin = createDatabase({ url: adminUrl, poolMax: 1 });
  try {
    await admin.raw(`drop database if exists ${TEMPLATE_DATABASE} with (force)`);
  } finally {
    await admin.destroy();
  }
}

async function main(): Promise<number> {
  const targets = process.argv.slice(2);
  const fullRun = targets.length === 0;
  if (fullRun) {
    step('type check', process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json']);
    step('type check (web app)', process.execPath, [
      'node_modules/typescript/bin/tsc',
      '--noEmit',
      '-p',
      'api/web/tsconfig.json',
    ]);
    step('lint', process.execPath, ['node_modules/eslint/bin/eslint.js', '.']);
    step('format', process.execPath, ['node_modules/prettier/bin/prettier.cjs', '--check', '--log-level', 'warn', '.']);
  }

  console.log('\n▶ starting test servers');
  const database = await startPostgresUnlessConfigured('test-pg');
  const moto = await startMotoServer(await freePort(), path.join(os.tmpdir(), 'autrace-test-moto.log'));
  try {
    await prepareTemplate(database.adminUrl);
    const files = findTestFiles(targets);
    console.log(`\n▶ ${files.length} test files`);
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--test',
        '--test-reporter=spec',
        `--test-concurrency=${Math.max(2, os.availableParallelism())}`,
        ...files,
      ],
      {
        cwd: projectRoot,
        stdio: 'inherit',
        env: {
          ...process.env,
          NODE_ENV: 'test',
          // The AWS SDK warns in every test process that its 2027 releases will need Node 22.
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          TEST_DATABASE_ADMIN_URL: database.adminUrl,
          TEST_DATABASE_TEMPLATE: TEMPLATE_DATABASE,
          TEST_S3_ENDPOINT: moto.url,
          TEMPORAL_TEST_SERVER_PATH: toolPaths.temporalTestServer,
        },
      },
    );
    return await new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  } finally {
    await dropTemplate(database.adminUrl).catch(() => undefined);
    await moto.stop();
    await database.stop();
  }
}

process.exit(await main());
