import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startGateway, type RunningGateway } from '../../gateway/app';
import { startFakeProvider, type FakeProvider } from '../../gateway/providers/fake';
import type { Region } from '../../platform/config/config';
import { generateApiKey } from '../../platform/crypto/api-keys';
import type { Database } from '../../platform/database/database';
import { createLogger } from '../../platform/observability/logger';
import { createTestConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { eventually } from './support/gateway-fixture';
import { spawn } from 'node:child_process';

const EU_GATEWAY = 'https://eu.gateway.autrace.test';
const US_GATEWAY = 'https://us.gateway.autrace.test';

interface HomedKey {
  accountId: string;
  apiKey: string;
}

/** An account with one key in its home region's database, listed in the directory as sign-up lists it. */
async function homedAccount(home: Database, directory: Database, region: Region): Promise<HomedKey> {
  const accountId = randomUUID();
  await home('accounts').insert({ id: accountId, name: `homed in ${region}`, plan: 'growth', region });
  const key = generateApiKey();
  await home('api_keys').insert({ account_id: accountId, name: 'k', prefix: key.prefix, secret_hash: key.secretHash });
  await directory('directory_accounts').insert({ account_id: accountId, region });
  await directory('directory_api_keys').insert({ prefix: key.prefix, account_id: accountId });
  return { accountId, apiKey: key.plaintext };
}

/** Counts the statements a handle sends (the directory must stay off the hot path). */
function countQueries(db: Database): { readonly count: number } {
  const counter = { count: 0 };
  db.on('query', () => {
    counter.count += 1;
  });
  return counter;
}

describe('a gateway serving one region', () => {
  let eu: TestDatabase;
  let us: TestDatabase;
  let fake: FakeProvider;
  let gateway: RunningGateway;
  let directoryQueries: { readonly count: number };

  before(async () => {
    eu = await createTestDatabase();
    us = await createTestDatabase();
    fake = await startFakeProvider();
    const config = createTestConfig({
      databaseUrl: eu.url,
      env: {
        DATABASE_URL_US: us.url,
        GATEWAY_REGION: 'us',
        GATEWAY_URL_EU: EU_GATEWAY,
        GATEWAY_URL_US: US_GATEWAY,
        FAKE_PROVIDER_URL: fake.url,
      },
    });
    directoryQueries = countQueries(eu.appDb);
    gateway = await startGateway({
      config,
      db: us.appDb,
      directory: eu.appDb,
      logger: createLogger(config, 'gateway'),
      port: 0,
      host: '127.0.0.1',
      metricsPort: 0,
      logFlushIntervalMs: 20,
    });
    // Cached entries are vouched for by the change feed, as in production.
    const feed = gateway.app.keyChanges;
    await eventually(() => Promise.resolve(feed.listeningSince !== Infinity && feed.knownUpTo >= feed.listeningSince));
  });
  after(async () => {
    await gateway?.close();
    await fake?.close();
    await us?.drop();
    await eu?.drop();
  });

  const openai = (apiKey: string) => new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey, maxRetries: 0 });
  const chat = (apiKey: string) =>
    openai(apiKey).chat.completions.create({ model: 'fake-chat', messages: [{ role: 'user', content: 'hello' }] });

  test('serves keys of its region, writes their logs to its database only, and never reads the directory for them', async () => {
    const key = await homedAccount(us.db, eu.db, 'us');
    const before = directoryQueries.count;
    for (let i = 0; i < 5; i += 1) await chat(key.apiKey);
    assert.equal(directoryQueries.count, before, 'no directory read for a key held in this region');
    await eventually(async () => {
      const [row] = await us
        .db('gateway_requests')
        .where({ account_id: key.accountId })
        .count<{ n: number }[]>({ n: '*' });
      return Number(row?.n) === 5;
    });
    const [inEu] = await eu
      .db('gateway_requests')
      .where({ account_id: key.accountId })
      .count<{ n: number }[]>({ n: '*' });
    assert.equal(Number(inEu?.n), 0);
  });

  test('refuses a key homed in another region with that region’s URL, in the caller’s wire format', async () => {
    const key = await homedAccount(eu.db, eu.db, 'eu');
    const error = await chat(key.apiKey).then(
      () => assert.fail('a key of another region was served'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof OpenAI.APIError);
    assert.equal(error.status, 421);
    assert.equal(error.code, 'wrong_region');
    assert.match(error.message, new RegExp(`region eu.*${EU_GATEWAY.replaceAll('.', '\\.')}`));

    const anthropic = new Anthropic({ baseURL: gateway.url, apiKey: key.apiKey, maxRetries: 0 });
    const refused = await anthropic.messages
      .create({ model: 'fake-chat', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
      .then(
        () => assert.fail('a key of another region was served'),
        (e: unknown) => e,
      );
    assert.ok(refused instanceof Anthropic.APIError);
    assert.equal(refused.status, 421);
    assert.match(refused.message, new RegExp(EU_GATEWAY.replaceAll('.', '\\.')));

    const [logged] = await us.db('gateway_requests').where({ account_id: key.accountId }).count<{ n: number }[]>({
      n: '*',
    });
    assert.equal(Number(logged?.n), 0, 'nothing of the refused request is stored here');
  });

  test('the directory answer is cached: repeated requests with a key of another region read it once', async () => {
    const key = await homedAccount(eu.db, eu.db, 'eu');
    const before = directoryQueries.count;
    for (let i = 0; i < 5; i += 1) await chat(key.apiKey).catch(() => undefined);
    assert.equal(directoryQueries.count - before, 1);
  });

  test('a key of another region in this region’s database (regions sharing one) is refused only once its secret matches', async () => {
    const key = await homedAccount(us.db, eu.db, 'eu');
    const error = await chat(key.apiKey).catch((e: unknown) => e);
    assert.ok(error instanceof OpenAI.APIError);
    assert.equal(error.status, 421);
    assert.match(error.message, new RegExp(EU_GATEWAY.replaceAll('.', '\\.')));

    const wrongSecret = key.apiKey.replace(/_[^_]+$/, `_${'x'.repeat(43)}`);
    const denied = await chat(wrongSecret).catch((e: unknown) => e);
    assert.ok(denied instanceof OpenAI.AuthenticationError);
  });

  test('a prefix no region holds is an invalid key', async () => {
    const error = await chat(generateApiKey().plaintext).catch((e: unknown) => e);
    assert.ok(error instanceof OpenAI.AuthenticationError);
    assert.match(error.message, /Invalid API key/);
  });
});

test('a gateway without GATEWAY_REGION refuses to start when the regions have databases of their own', async () => {
  const [eu, us] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/main.ts'], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        DATABASE_URL: eu.url,
        DATABASE_URL_US: us.url,
        GATEWAY_PORT: '0',
        GATEWAY_METRICS_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 1);
    assert.match(output, /set GATEWAY_REGION to the region this gateway serves/);
  } finally {
    await us.drop();
    await eu.drop();
  }
});
