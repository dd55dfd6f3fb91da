import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { pino, type Logger } from 'pino';
import { startGateway, type RunningGateway } from '../../gateway/app';
import { startFakeProvider, type FakeProvider, type RecordedRequest } from '../../gateway/providers/fake';
import { REDACTED_PATHS } from '../../platform/observability/logger';
import { startTestApi, type ApiResponse, type TestApi } from '../support/api';
import { createTestConfig } from '../support/config';
import { eventually } from './support/gateway-fixture';

/** Two tenants with their own upstreams and keys, and the platform's default upstream with its key. */
const KEYS = {
  aOpenai: 'sk-tenant-a-openai-5a1b2c3d4e5f6071',
  aAnthropic: 'sk-ant-tenant-a-8f7e6d5c4b3a2910',
  bOpenai: 'sk-tenant-b-openai-0d9c8b7a6f5e4d31',
  bAnthropic: 'sk-ant-tenant-b-13579bdf2468ace0',
  aRotated: 'sk-tenant-a-rotated-77aa88bb99cc00dd',
  platformOpenai: 'sk-platform-openai-key-3141592653',
  platformAnthropic: 'sk-platform-anthropic-key-2718281828',
};
const TENANT_KEYS = [KEYS.aOpenai, KEYS.aAnthropic, KEYS.bOpenai, KEYS.bAnthropic, KEYS.aRotated];

interface Tenant {
  accountId: string;
  token: string;
  apiKey: string;
  upstream: FakeProvider;
  marker: string;
  connections: { openai: string; anthropic: string };
}

function capturingLogger(lines: string[]): Logger {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return pino({ level: 'trace', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
}

const headerOf = (request: RecordedRequest, name: string) => String(request.headers[name] ?? '');

describe('accounts’ own provider connections', () => {
  let api: TestApi;
  let platform: FakeProvider;
  let gateway: RunningGateway;
  /** The same database, with the platform's providers switched off. */
  let ownOnly: RunningGateway;
  const logLines: string[] = [];
  const apiAnswers: string[] = [];
  let a: Tenant;
  let b: Tenant;

  async function call<T>(method: string, path: string, token: string, body?: unknown): Promise<ApiResponse<T>> {
    const response = await api.request<T>(method, path, { token, ...(body === undefined ? {} : { body }) });
    apiAnswers.push(response.text);
    return response;
  }

  async function tenant(name: string, openaiKey: string, anthropicKey: string): Promise<Tenant> {
    const account = await api.createAccount({ name });
    const upstream = await startFakeProvider();
    const token = account.owner.token;
    const key = await call<{ apiKey: string }>('POST', '/v1/api-keys', token, { name: 'gateway' });
    assert.equal(key.status, 201);
    const openai = await call<{ connection: { id: string } }>('POST', '/v1/provider-connections', token, {
      name: 'own-openai',
      kind: 'openai',
      baseUrl: `${upstream.url}/v1`,
      apiKey: openaiKey,
      models: ['gpt-4o*'],
    });
    assert.equal(openai.status, 201, openai.text);
    const anthropic = await call<{ connection: { id: string } }>('POST', '/v1/provider-connections', token, {
      name: 'own-anthropic',
      kind: 'anthropic',
      baseUrl: upstream.url,
      apiKey: anthropicKey,
    });
    assert.equal(anthropic.status, 201, anthropic.text);
    return {
      accountId: account.accountId,
      token,
      apiKey: key.body.apiKey,
      upstream,
      marker: `marker-of-${name}`,
      connections: { openai: openai.body.connection.id, anthropic: anthropic.body.connection.id },
    };
  }

  async function startOn(env: Record<string, string>): Promise<RunningGateway> {
    const config = createTestConfig({
      databaseUrl: api.stack.database.url,
      env: {
        OPENAI_BASE_URL: `${platform.url}/v1`,
        OPENAI_API_KEY: KEYS.platformOpenai,
        ANTHROPIC_BASE_URL: platform.url,
        ANTHROPIC_API_KEY: KEYS.platformAnthropic,
        UPSTREAM_TIMEOUT_MS: '1500',
        ...env,
      },
    });
    return startGateway({
      config,
      db: api.stack.database.appDb,
      logger: capturingLogger(logLines),
      port: 0,
      host: '127.0.0.1',
      metricsPort: 0,
      logFlushIntervalMs: 20,
    });
  }

  /** Every change committed before now has reached the gateway's change feed. */
  async function notified(running: RunningGateway): Promise<void> {
    const since = Date.now();
    await eventually(() => Promise.resolve(running.app.keyChanges.knownUpTo > since));
  }

  const openaiClient = (running: RunningGateway, t: Tenant) =>
    new OpenAI({ baseURL: `${running.url}/v1`, apiKey: t.apiKey, maxRetries: 0 });
  const anthropicClient = (running: RunningGateway, t: Tenant) =>
    new Anthropic({ baseURL: running.url, apiKey: t.apiKey, maxRetries: 0 });

  async function chat(running: RunningGateway, t: Tenant, stream = false): Promise<string> {
    const client = openaiClient(running, t);
    const messages = [{ role: 'user' as const, content: `${t.marker} says hello` }];
    if (!stream) {
      const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
      return completion.choices[0]?.message.content ?? '';
    }
    let text = '';
    for await (const chunk of await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }))
      text += chunk.choices[0]?.delta.content ?? '';
    return text;
  }

  async function message(running: RunningGateway, t: Tenant): Promise<string> {
    const reply = await anthropicClient(running, t).messages.create({
      model: 'claude-3-5-haiku-latest',
      max_tokens: 50,
      messages: [{ role: 'user', content: `${t.marker} writes` }],
    });
    const block = reply.content[0];
    return block?.type === 'text' ? block.text : '';
  }

  before(async () => {
    api = await startTestApi({ logger: capturingLogger(logLines) });
    platform = await startFakeProvider();
    gateway = await startOn({});
    ownOnly = await startOn({ PLATFORM_PROVIDERS_ENABLED: 'false' });
    a = await tenant('alpha', KEYS.aOpenai, KEYS.aAnthropic);
    b = await tenant('beta', KEYS.bOpenai, KEYS.bAnthropic);
    await notified(gateway);
  });

  after(async () => {
    await gateway?.close();
    await ownOnly?.close();
    await Promise.all([a?.upstream.close(), b?.upstream.close(), platform?.close()]);
    await api?.close();
  });

  test('each account’s OpenAI and Anthropic traffic reaches only its own upstream, with its own keys', async () => {
    for (const t of [a, b]) {
      assert.match(await chat(gateway, t), new RegExp(t.marker));
      assert.match(await chat(gateway, t, true), new RegExp(t.marker));
      assert.match(await message(gateway, t), new RegExp(t.marker));
    }
    for (const [t, otherTenant, openaiKey, anthropicKey] of [
      [a, b, KEYS.aOpenai, KEYS.aAnthropic],
      [b, a, KEYS.bOpenai, KEYS.bAnthropic],
    ] as const) {
      const received = t.upstream.requests;
      assert.equal(received.length, 3);
      const chats = received.filter((r) => r.path === '/v1/chat/completions');
      assert.equal(chats.length, 2);
      for (const r of chats) assert.equal(headerOf(r, 'authorization'), `Bearer ${openaiKey}`);
      const messages = received.filter((r) => r.path === '/v1/messages');
      assert.equal(messages.length, 1);
      assert.equal(headerOf(messages[0] as RecordedRequest, 'x-api-key'), anthropicKey);
      for (const r of received) {
        assert.ok(r.body.includes(t.marker));
        assert.ok(!r.body.includes(otherTenant.marker));
        assert.ok(!JSON.stringify(r.headers).includes(t.apiKey), 'the caller’s Autrace key is not forwarded');
      }
    }
    assert.equal(platform.requests.length, 0, 'the platform’s upstream saw nothing');
  });

  test('a region-locked account reaches only its connections tagged with its region; others and the platform are refused', async () => {
    const account = await api.createAccount({ name: 'locked', plan: 'enterprise' });
    const token = account.owner.token;
    const [euUpstream, usUpstream] = await Promise.all([startFakeProvider(), startFakeProvider()]);
    try {
      const key = await call<{ apiKey: string }>('POST', '/v1/api-keys', token, { name: 'gateway' });
      for (const connection of [
        { name: 'eu-openai', kind: 'openai', baseUrl: `${euUpstream.url}/v1`, region: 'eu', models: ['gpt-4o*'] },
        { name: 'us-anthropic', kind: 'anthropic', baseUrl: usUpstream.url, region: 'us' },
      ]) {
        const created = await call('POST', '/v1/provider-connections', token, { ...connection, apiKey: 'sk-locked' });
        assert.equal(created.status, 201, created.text);
      }
      const locked = await call('PATCH', '/v1/settings', token, { regionLocked: true });
      assert.equal(locked.status, 200, locked.text);
      await notified(gateway);
      const t = { apiKey: key.body.apiKey } as Tenant;
      const platformBefore = platform.requests.length;

      const reply = await openaiClient(gateway, t).chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'stays in the EU' }],
      });
      assert.ok(reply.choices[0]?.message.content);
      assert.equal(euUpstream.requests.length, 1);

      const toUs = await anthropicClient(gateway, t)
        .messages.create({
          model: 'claude-3-5-haiku-latest',
          max_tokens: 20,
          messages: [{ role: 'user', content: 'x' }],
        })
        .catch((error: unknown) => error);
      assert.ok(toUs instanceof Anthropic.PermissionDeniedError, String(toUs));
      assert.match(toUs.message, /tagged US, and the account is locked to EU/);

      const toPlatform = await openaiClient(gateway, t)
        .chat.completions.create({ model: 'o3-mini', messages: [{ role: 'user', content: 'x' }] })
        .catch((error: unknown) => error);
      assert.ok(toPlatform instanceof OpenAI.PermissionDeniedError, String(toPlatform));
      assert.match(toPlatform.message, /locked to the EU region/);

      assert.equal(usUpstream.requests.length, 0, 'nothing reached the US connection');
      assert.equal(platform.requests.length, platformBefore, 'nothing reached the platform’s provider');
    } finally {
      await Promise.all([euUpstream.close(), usUpstream.close()]);
    }
  });

  test('a model none of the account’s connections lists goes to the platform’s provider with the platform key', async () => {
    const before = a.upstream.requests.length;
    await openaiClient(gateway, a).chat.completions.create({
      model: 'o3-mini',
      messages: [{ role: 'user', content: 'not listed' }],
    });
    assert.equal(a.upstream.requests.length, before);
    const last = platform.requests.at(-1);
    assert.equal(last && headerOf(last, 'authorization'), `Bearer ${KEYS.platformOpenai}`);
  });

  test('a rotated key is used from the next request once the change is notified', async () => {
    const rotated = await call('POST', `/v1/provider-connections/${a.connections.openai}/rotate-key`, a.token, {
      apiKey: KEYS.aRotated,
    });
    assert.equal(rotated.status, 200);
    await notified(gateway);
    await chat(gateway, a);
    const last = a.upstream.requests.at(-1);
    assert.equal(last && headerOf(last, 'authorization'), `Bearer ${KEYS.aRotated}`);
  });

  test('the opened keys are cached: requests without changes read no connections', async () => {
    await chat(gateway, a);
    const reads = gateway.app.connections.reads;
    for (let i = 0; i < 5; i += 1) await chat(gateway, a);
    assert.equal(gateway.app.connections.reads, reads);
  });

  test('after a deletion the model falls back to the platform’s provider, or is a 404 in the caller’s format without it', async () => {
    for (const kind of ['openai', 'anthropic'] as const) {
      const deleted = await call('DELETE', `/v1/provider-connections/${b.connections[kind]}`, b.token);
      assert.equal(deleted.status, 204);
    }
    await notified(gateway);
    await notified(ownOnly);
    const before = b.upstream.requests.length;
    assert.match(await chat(gateway, b), new RegExp(b.marker));
    assert.match(await message(gateway, b), new RegExp(b.marker));
    assert.equal(b.upstream.requests.length, before);
    const [chatAtPlatform, messageAtPlatform] = platform.requests.slice(-2);
    assert.equal(chatAtPlatform && headerOf(chatAtPlatform, 'authorization'), `Bearer ${KEYS.platformOpenai}`);
    assert.equal(messageAtPlatform && headerOf(messageAtPlatform, 'x-api-key'), KEYS.platformAnthropic);

    await assert.rejects(chat(ownOnly, b), (error: unknown) => error instanceof OpenAI.NotFoundError);
    await assert.rejects(message(ownOnly, b), (error: unknown) => error instanceof Anthropic.NotFoundError);
    // The account that still has its connections is served by the same gateway.
    assert.match(await message(ownOnly, a), new RegExp(a.marker));
  });

  test('no tenant key appears in any table, log line or API answer', async () => {
    await gateway.app.writer.flush();
    await ownOnly.app.writer.flush();
    const listing = await call('GET', '/v1/provider-connections', a.token);
    assert.equal(listing.status, 200);
    await call('GET', `/v1/provider-connections/${a.connections.anthropic}`, a.token);
    const db = api.stack.database.db;
    const tables = await db('pg_tables').where({ schemaname: 'public' }).pluck<string[]>('tablename');
    const rows: string[] = [];
    for (const table of tables) {
      const { rows: found } = await db.raw<{ rows: Array<{ row: string }> }>('select t::text as row from ?? t', [
        table,
      ]);
      rows.push(...found.map((r) => r.row));
    }
    const dump = rows.join('\n');
    assert.ok(dump.includes(a.connections.openai), 'the dump holds the connections');
    const logs = logLines.join('');
    assert.ok(logs.includes('/v1/provider-connections'), 'the API’s request log is captured');
    assert.ok(logs.includes('provider connections read'), 'the gateway’s log is captured');
    const answers = apiAnswers.join('\n');
    assert.ok(answers.includes('"apiKeyLast4"'), 'the API answers are captured');
    for (const key of TENANT_KEYS) {
      const hex = Buffer.from(key, 'utf8').toString('hex');
      assert.ok(!dump.includes(key) && !dump.includes(hex), `a tenant key is stored in clear`);
      assert.ok(!logs.includes(key), 'a tenant key is logged');
      assert.ok(!answers.includes(key), 'a tenant key is in an API answer');
    }
  });
});
