import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runCli, type CliRun } from '../../api/cli/run-cli';
import { createTestDatabase, type TestDatabase } from '../support/database';

let database: TestDatabase;
let accountId: string;
let connectionId: string;

function autrace(...args: string[]): Promise<CliRun> {
  return runCli(args, {
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      PROVIDER_KEY: 'sk-cli-1',
    },
  });
}

before(async () => {
  database = await createTestDatabase();
  const created = await autrace('account', 'create', '--name', 'R', '--email', 'r@acme.test', '--json');
  accountId = (JSON.parse(created.stdout) as { accountId: string }).accountId;
  const connection = await autrace(
    'providers',
    'create',
    '--account',
    accountId,
    '--name',
    'primary',
    '--kind',
    'openai-compatible',
    '--base-url',
    'https://1.1.1.1/v1',
    '--api-key-env',
    'PROVIDER_KEY',
    '--json',
  );
  assert.equal(connection.code, 0, connection.stderr);
  connectionId = (JSON.parse(connection.stdout) as { connection: { id: string } }).connection.id;
});

after(async () => {
  await database?.drop();
});

test('aliases create, list and delete an alias, each change audited', async () => {
  const targets = JSON.stringify([{ connectionId, model: 'gpt-4o', weight: 2 }]);
  const created = await autrace(
    'aliases',
    'create',
    '--account',
    accountId,
    '--name',
    'smart',
    '--targets',
    targets,
    '--json',
  );
  assert.equal(created.code, 0, created.stderr);
  const alias = (JSON.parse(created.stdout) as { alias: { id: string; targets: unknown[] } }).alias;
  assert.deepEqual(alias.targets, [{ connectionId, model: 'gpt-4o', priority: 0, weight: 2 }]);
  const listed = await autrace('aliases', 'list', '--account', accountId);
  assert.match(listed.stdout, new RegExp(`smart  retries 2  \\[${connectionId}:gpt-4o p0 w2\\]`));
  const deleted = await autrace('aliases', 'delete', alias.id, '--account', accountId, '--json');
  assert.equal(deleted.code, 0, deleted.stderr);
  const actions = await database.db('audit_log').where({ target_id: alias.id }).orderBy('id').pluck('action');
  assert.deepEqual(actions, ['model_alias.created', 'model_alias.deleted']);
});

test('aliases create refuses targets that are not JSON or name no connection of the account', async () => {
  const notJson = await autrace(
    'aliases',
    'create',
    '--account',
    accountId,
    '--name',
    'x',
    '--targets',
    '[{',
    '--json',
  );
  assert.equal(notJson.code, 1);
  assert.match(notJson.stderr, /"code":"BAD_REQUEST"/);
  const foreign = JSON.stringify([{ connectionId: '00000000-0000-4000-8000-000000000000', model: 'gpt-4o' }]);
  const refused = await autrace(
    'aliases',
    'create',
    '--account',
    accountId,
    '--name',
    'y',
    '--targets',
    foreign,
    '--json',
  );
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /names no provider connection of this account/);
  assert.equal(Number((await database.db('model_aliases').count({ n: '*' }))[0]?.n), 0);
});
