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
 * Connections created while private networks were allowed (or whose hostname
 * resolved outward then) are checked again where they are used: a gateway
 * that does not allow private networks never opens a socket to them.
 */
describe('the SSRF guard where the gateway connects', () => {
  let api: TestApi;
  let upstream: FakeProvider;
  let gateway: RunningGateway;
  let apiKey: string;

  before(async () => {
    api = await startTestApi();
    upstream = await startFakeProvider();
    const account = await api.createAccount();
    const token = account.owner.token;
    const key = await api.request<{ apiKey: string }>('POST', '/v1/api-keys', { token, body: { name: 'gw' } });
    apiKey = key.body.apiKey;
    for (const body of [
      { name: 'by-name', kind: 'openai', baseUrl: `http://localhost:${upstream.port}/v1`, apiKey: 'sk-by-name-1111' },
      { name: 'literal', kind: 'anthropic', baseUrl: upstream.url, apiKey: 'sk-literal-2222' },
    ]) {
      const created = await api.request('POST', '/v1/provider-connections', { token, body });
      assert.equal(created.status, 201, created.text);
    }
    gateway = await startGateway({
      config: createTestConfig({
        databaseUrl: api.stack.database.url,
        env: { PROVIDER_ALLOW_PRIVATE_NETWORKS: 'false', PLATFORM_PROVIDERS_ENABLED: 'false' },
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
    await api?.close();
  });

  test('a hostname that resolves to loopback is refused at connect: a 502, and the upstream sees nothing', async () => {
    // The name does reach the upstream from this machine: only the guard stands in the way.
    assert.equal((await fetch(`http://localhost:${upstream.port}/v1/models`)).status, 200);
    upstream.requests.length = 0;
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey, maxRetries: 0 });
    await assert.rejects(
      client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
      (error: unknown) => error instanceof OpenAI.APIError && error.status === 502,
    );
    assert.equal(upstream.requests.length, 0);
  });

  test('a literal internal address is left out: its models are not served, and the upstream sees nothing', async () => {
    const client = new Anthropic({ baseURL: gateway.url, apiKey, maxRetries: 0 });
    await assert.rejects(
      client.messages.create({
        model: 'claude-3-5-haiku-latest',
        max_tokens: 5,
        messages: [{ role: 'user', content: 'hi' }],
      }),
      (error: unknown) => error instanceof Anthropic.NotFoundError,
    );
    assert.equal(upstream.requests.length, 0);
  });
});
