import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runCli, type CliRun } from '../../api/cli/run-cli';
import { createTestDatabase, type TestDatabase } from '../support/database';

let database: TestDatabase;
let accountId: string;

before(async () => {
  database = await createTestDatabase();
  const created = await autrace({}, 'account', 'create', '--name', 'P', '--email', 'p@acme.test', '--json');
  accountId = (JSON.parse(created.stdout) as { accountId: string }).accountId;
});

after(async () => {
  await database?.drop();
});

/** As production: no private networks unless a test says otherwise. */
function autrace(env: Record<string, string>, ...args: string[]): Promise<CliRun> {
  return runCli(args, {
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      PROVIDER_ALLOW_PRIVATE_NETWORKS: 'false',
      ...env,
    },
  });
}

interface Connection {
  id: string;
  apiKeyLast4: string | null;
}

test('providers create takes the key from an environment variable and prints only its last four', async () => {
  const key = 'sk-cli-canary-key-Q7R8';
  const created = await autrace(
    { OPENAI_PROD_KEY: key },
    'providers',
    'create',
    '--account',
    accountId,
    '--name',
    'openai',
    '--kind',
    'openai-compatible',
    '--base-url',
    'https://1.1.1.1/v1',
    '--models',
    'gpt-4o,llama-*',
    '--api-key-env',
    'OPENAI_PROD_KEY',
    '--json',
  );
  assert.equal(created.code, 0, created.stderr);
  const connection = (JSON.parse(created.stdout) as { connection: Connection }).connection;
  assert.equal(connection.apiKeyLast4, 'Q7R8');
  const listed = await autrace({}, 'providers', 'list', '--account', accountId);
  assert.match(listed.stdout, /key …Q7R8/);
  for (const out of [created.stdout, listed.stdout]) assert.ok(!out.includes(key));
  const entry = await database
    .db('audit_log')
    .where({ action: 'provider_connection.created', target_id: connection.id });
  assert.equal(entry.length, 1);
});

test('providers rotate-key and delete change the connection and are audited', async () => {
  const created = await autrace(
    { PROVIDER_API_KEY: 'sk-first-AAAA' },
    'providers',
    'create',
    '--account',
    accountId,
    '--name',
    'to-rotate',
    '--kind',
    'openai-compatible',
    '--base-url',
    'https://1.1.1.1/v1',
    '--json',
  );
  const { id } = (JSON.parse(created.stdout) as { connection: Connection }).connection;
  const rotated = await autrace(
    { PROVIDER_API_KEY: 'sk-second-BBBB' },
    'providers',
    'rotate-key',
    id,
    '--account',
    accountId,
    '--json',
  );
  assert.equal(rotated.code, 0, rotated.stderr);
  assert.equal((JSON.parse(rotated.stdout) as { connection: Connection }).connection.apiKeyLast4, 'BBBB');
  const deleted = await autrace({}, 'providers', 'delete', id, '--account', accountId, '--json');
  assert.equal(deleted.code, 0, deleted.stderr);
  assert.equal((await database.db('provider_connections').where({ id })).length, 0);
  const actions = await database.db('audit_log').where({ target_id: id }).orderBy('id').pluck('action');
  assert.deepEqual(actions, [
    'provider_connection.created',
    'provider_connection.key_rotated',
    'provider_connection.deleted',
  ]);
});

test('providers create refuses an internal base URL and a missing key, and stores nothing', async () => {
  const refused = await autrace(
    { PROVIDER_API_KEY: 'sk-x' },
    'providers',
    'create',
    '--account',
    accountId,
    '--name',
    'metadata',
    '--kind',
    'openai-compatible',
    '--base-url',
    'http://169.254.169.254/v1',
    '--json',
  );
  assert.equal(refused.code, 1);
  assert.equal((JSON.parse(refused.stderr) as { error: { code: string } }).error.code, 'BAD_REQUEST');
  const keyless = await autrace(
    {},
    'providers',
    'create',
    '--account',
    accountId,
    '--name',
    'x',
    '--kind',
    'anthropic',
  );
  assert.equal(keyless.code, 1);
  assert.match(keyless.stderr, /needs an API key/);
  assert.equal((await database.db('provider_connections').whereIn('name', ['metadata', 'x'])).length, 0);
});
