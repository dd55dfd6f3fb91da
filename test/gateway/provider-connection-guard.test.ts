import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startGateway, type RunningGateway } from '../../gateway/app';
import { startFakeProvider, type FakeProvider } from '../../gateway/providers/fake';
import { startTestApi, type TestApi } from '../support/api';
import { createTestConfig } from '../support/config';
import { eventually } from './support/gateway-fixture';

/**
 * Connections that cannot be used where the gateway connects: created while
 * private networks were allowed (or while their hostname resolved outward),
 * or whose key no longer opens. A gateway that does not allow private
 * networks never opens a socket to them, and their models fail rather than
 * go to the platform's provider, which the account did not choose for them.
 */
describe('connections the gateway may not use', () => {
  let api: TestApi;
  let upstream: FakeProvider;
  let platform: FakeProvider;
  let gateway: RunningGateway;

  async function accountWith(
    connections: Array<Record<string, string>>,
  ): Promise<{ accountId: string; apiKey: string }> {
    const account = await api.createAccount();
    const token = account.owner.token;
    const key = await api.request<{ apiKey: string }>('POST', '/v1/api-keys', { token, body: { name: 'gw' } });
    for (const body of connections) {
      const created = await api.request('POST', '/v1/provider-connections', { token, body });
      assert.equal(created.status, 201, created.text);
    }
    return { accountId: account.accountId, apiKey: key.body.apiKey };
  }

  const chat = (apiKey: string) =>
    new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey, maxRetries: 0 }).chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
  const message = (apiKey: string) =>
    new Anthropic({ baseURL: gateway.url, apiKey, maxRetries: 0 }).messages.create({
      model: 'claude-3-5-haiku-latest',
      max_tokens: 5,
      messages: [{ role: 'user', content: 'hi' }],
    });

  before(async () => {
    api = await startTestApi();
    upstream = await startFakeProvider();
    platform = await startFakeProvider();
    gateway = await startGateway({
      config: createTestConfig({
        databaseUrl: api.stack.database.url,
        env: {
          PROVIDER_ALLOW_PRIVATE_NETWORKS: 'false',
          OPENAI_BASE_URL: `${platform.url}/v1`,
          OPENAI_API_KEY: 'sk-platform-openai',
          ANTHROPIC_BASE_URL: platform.url,
          ANTHROPIC_API_KEY: 'sk-platform-anthropic',
        },
      }),
      db: api.stack.database.appDb,
      port: 0,
      host: '127.0.0.1',
      metricsPort: 0,
      logFlushIntervalMs: 20,
    });
    await eventually(() => Promise.resolve(gateway.app.keyChanges.knownUpTo > 0));
  });

  after(async () => {
    await gateway?.close();
    await upstream?.close();
    await platform?.close();
    await api?.close();
  });

  test('a hostname that resolves to loopback is refused at connect: a 502, and no upstream sees anything', async () => {
    const { apiKey } = await accountWith([
      { name: 'by-name', kind: 'openai', baseUrl: `http://localhost:${upstream.port}/v1`, apiKey: 'sk-by-name-1111' },
    ]);
    // The name does reach the upstream from this machine: only the guard stands in the way.
    assert.equal((await fetch(`http://localhost:${upstream.port}/v1/models`)).status, 200);
    upstream.requests.length = 0;
    await assert.rejects(chat(apiKey), (error: unknown) => error instanceof OpenAI.APIError && error.status === 502);
    assert.equal(upstream.requests.length, 0);
    assert.equal(platform.requests.length, 0);
  });

  test('a literal internal address is refused with a 502, and no upstream sees anything', async () => {
    const { apiKey } = await accountWith([
      { name: 'literal', kind: 'anthropic', baseUrl: upstream.url, apiKey: 'sk-literal-2222' },
    ]);
    await assert.rejects(
      message(apiKey),
      (error: unknown) =>
        error instanceof Anthropic.APIError && error.status === 502 && /address is not allowed/.test(error.message),
    );
    assert.equal(upstream.requests.length, 0);
    assert.equal(platform.requests.length, 0);
  });

  test('a connection whose key no longer opens (data key shredded) is refused, not sent elsewhere', async () => {
    const { accountId, apiKey } = await accountWith([
      { name: 'public', kind: 'openai', baseUrl: 'https://1.1.1.1/v1', apiKey: 'sk-shredded-3333' },
    ]);
    await api.stack.database.db('accounts').where({ id: accountId }).update({ data_key_wrapped: null });
    await assert.rejects(
      chat(apiKey),
      (error: unknown) =>
        error instanceof OpenAI.APIError && error.status === 502 && /can no longer be opened/.test(error.message),
    );
    assert.equal(platform.requests.length, 0);
  });
});
