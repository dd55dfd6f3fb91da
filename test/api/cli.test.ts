import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { runCli, type CliRun } from '../../api/cli/run-cli';
import { verifyPassword } from '../../platform/crypto/passwords';
import { createTestDatabase, type TestDatabase } from '../support/database';

const run = promisify(execFile);
let database: TestDatabase;

before(async () => {
  database = await createTestDatabase();
});

after(async () => {
  await database?.drop();
});

/** In-process (fast); the last test runs the real `bin` once. */
function autrace(...args: string[]): Promise<CliRun> {
  return runCli(args, { env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent', NODE_ENV: 'test' } });
}

async function autraceBin(...args: string[]): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['api/cli/autrace.mjs', ...args], {
      env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent', NODE_ENV: 'test' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

interface Created {
  accountId: string;
  userId: string;
  apiKey: string;
  apiKeyId: string;
  password?: string;
}

test('account create --json prints the account, its first API key and a generated password', async () => {
  const result = await autrace(
    'account',
    'create',
    '--name',
    'Demo',
    '--email',
    'demo@acme.test',
    '--plan',
    'starter',
    '--json',
  );
  assert.equal(result.code, 0, result.stderr);
  const created = JSON.parse(result.stdout) as Created;
  assert.match(created.apiKey, /^atr_[a-z0-9]{12}_/);
  assert.ok(created.password);
  const user = await database.db('users').where({ id: created.userId }).first<{ password_hash: string }>();
  assert.ok(await verifyPassword(user.password_hash, created.password));
  const account = await database.db('accounts').where({ id: created.accountId }).first<{ plan: string }>();
  assert.equal(account.plan, 'starter');
  const actions = await database.db('audit_log').where({ account_id: created.accountId }).orderBy('id').pluck('action');
  assert.deepEqual(actions, ['account.created', 'api_key.created']);
});

test('account create with --password does not print it; bad input exits non-zero with a JSON error and creates nothing', async () => {
  const ok = await autrace(
    'account',
    'create',
    '--name',
    'P',
    '--email',
    'p@acme.test',
    '--password',
    'a chosen long password',
    '--json',
  );
  assert.equal((JSON.parse(ok.stdout) as Created).password, undefined);
  const before = await database.db('accounts').count<{ count: number }[]>({ count: '*' });
  const bad = await autrace('account', 'create', '--name', 'X', '--email', 'not-an-email', '--json');
  assert.notEqual(bad.code, 0);
  assert.equal((JSON.parse(bad.stderr) as { error: { code: string } }).error.code, 'BAD_REQUEST');
  const taken = await autrace('account', 'create', '--name', 'X', '--email', 'p@acme.test', '--json');
  assert.equal((JSON.parse(taken.stderr) as { error: { code: string } }).error.code, 'CONFLICT');
  const afterCount = await database.db('accounts').count<{ count: number }[]>({ count: '*' });
  assert.deepEqual(afterCount, before);
});

test('keys create, list and revoke; another account’s key cannot be revoked through the wrong account', async () => {
  const a = JSON.parse(
    (await autrace('account', 'create', '--name', 'A', '--email', 'a@acme.test', '--json')).stdout,
  ) as Created;
  const b = JSON.parse(
    (await autrace('account', 'create', '--name', 'B', '--email', 'b@acme.test', '--json')).stdout,
  ) as Created;
  const created = JSON.parse(
    (await autrace('keys', 'create', '--account', a.accountId, '--name', 'ci', '--json')).stdout,
  ) as { key: { id: string } };
  const list = JSON.parse((await autrace('keys', 'list', '--account', a.accountId, '--json')).stdout) as {
    keys: Array<{ id: string }>;
  };
  assert.deepEqual(list.keys.map((k) => k.id).sort(), [a.apiKeyId, created.key.id].sort());
  assert.ok(!JSON.stringify(list).includes(a.apiKey));
  const wrong = await autrace('keys', 'revoke', b.apiKeyId, '--account', a.accountId, '--json');
  assert.notEqual(wrong.code, 0);
  const stillActive = await database.db('api_keys').where({ id: b.apiKeyId }).first<{ revoked_at: Date | null }>();
  assert.equal(stillActive.revoked_at, null);
  const revoked = await autrace('keys', 'revoke', created.key.id, '--account', a.accountId, '--json');
  assert.equal(revoked.code, 0, revoked.stderr);
  const after = JSON.parse((await autrace('keys', 'list', '--account', a.accountId, '--json')).stdout) as {
    keys: Array<{ id: string }>;
  };
  assert.deepEqual(
    after.keys.map((k) => k.id),
    [a.apiKeyId],
  );
});

test('audit show and verify (--json), and verify exits 2 naming the broken entry after tampering', async () => {
  const shown = JSON.parse((await autrace('audit', 'show', '--limit', '3', '--json')).stdout) as {
    entries: Array<{ id: number }>;
  };
  assert.equal(shown.entries.length, 3);
  const verified = JSON.parse((await autrace('audit', 'verify', '--json')).stdout) as { valid: boolean };
  assert.equal(verified.valid, true);
  const victim = shown.entries[1]?.id ?? 0;
  await database.db.transaction(async (trx) => {
    await trx.raw('set local session_replication_role = replica');
    await trx('audit_log').where({ id: victim }).update({ action: 'forged' });
  });
  const broken = await autrace('audit', 'verify', '--json');
  assert.equal(broken.code, 2);
  assert.equal((JSON.parse(broken.stdout) as { brokenId: number }).brokenId, victim);
});

test('the package bin (npx autrace) runs the TypeScript CLI through tsx', async () => {
  const result = await autraceBin(
    'account',
    'create',
    '--name',
    'Bin',
    '--email',
    'bin@acme.test',
    '--plan',
    'growth',
    '--json',
  );
  assert.equal(result.code, 0, result.stderr);
  const created = JSON.parse(result.stdout) as Created;
  assert.ok(created.accountId && created.apiKey && created.password);
  const help = await autraceBin('--help');
  assert.match(help.stdout, /account/);
});
