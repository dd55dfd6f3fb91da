import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runCli, type CliRun } from '../../api/cli/run-cli';
import { createTestDatabase, type TestDatabase } from '../support/database';

let database: TestDatabase;

before(async () => {
  database = await createTestDatabase();
});

after(async () => {
  await database?.drop();
});

function autrace(...args: string[]): Promise<CliRun> {
  return runCli(args, { env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent', NODE_ENV: 'test' } });
}

test('prices add stores a new version of a price and audits it as the CLI', async () => {
  const run = await autrace(
    'prices',
    'add',
    '--kind',
    'anthropic',
    '--model',
    'claude-sonnet-4-5',
    '--input',
    '2000000',
    '--output',
    '12000000',
    '--from',
    '2030-01-01T00:00:00Z',
    '--json',
  );
  assert.equal(run.code, 0, run.stderr);
  const { price } = JSON.parse(run.stdout) as { price: { id: string; cachedInputMicroUsdPerMTok: number } };
  assert.equal(price.cachedInputMicroUsdPerMTok, 2_000_000);
  const entry = await database.db('audit_log').where({ action: 'model_price.added', target_id: price.id }).first();
  assert.equal(entry?.actor_type, 'system');
  const list = await autrace('prices', 'list', '--json');
  const versions = (
    JSON.parse(list.stdout) as { prices: Array<{ model: string; providerKind: string }> }
  ).prices.filter((p) => p.providerKind === 'anthropic' && p.model === 'claude-sonnet-4-5');
  assert.equal(versions.length, 2, 'the seeded list price and the new version');
});

test('prices add refuses an amount that is not a whole number of micro-dollars, and stores nothing', async () => {
  const before = await database.db('model_prices').count<Array<{ n: string }>>('* as n');
  const run = await autrace('prices', 'add', '--kind', 'openai', '--model', 'gpt-x', '--input', '2.5', '--output', '1');
  assert.notEqual(run.code, 0);
  assert.match(run.stderr, /whole number/);
  assert.deepEqual(await database.db('model_prices').count<Array<{ n: string }>>('* as n'), before);
});
