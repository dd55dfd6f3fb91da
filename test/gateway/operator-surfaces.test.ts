import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { createAccountWithKey, startGatewayFixture, type GatewayFixture } from './support/gateway-fixture';

describe('operator surfaces and what reaches the provider', () => {
  let fx: GatewayFixture;

  before(async () => {
    fx = await startGatewayFixture({
      env: {
        GATEWAY_ANTHROPIC_BETA_ALLOWED: 'prompt-caching-2024-07-31',
        GATEWAY_HEADERS_TIMEOUT_MS: '500',
        GATEWAY_REQUEST_TIMEOUT_MS: '1000',
      },
    });
  });

  after(async () => {
    await fx.close();
  });

  test('/metrics is not on the public port; it is on the operator listener; /healthz stays public', async () => {
    const publicMetrics = await fetch(`${fx.baseUrl}/metrics`);
    assert.equal(publicMetrics.status, 404);
    assert.doesNotMatch(await publicMetrics.text(), /autrace_gateway_/);
    const operator = await fetch(`${fx.gateway.metricsUrl}/metrics`);
    assert.equal(operator.status, 200);
    assert.match(await operator.text(), /autrace_gateway_requests_total|autrace_gateway_spool_depth/);
    assert.notEqual(new URL(fx.gateway.metricsUrl).port, String(fx.gateway.port));
    assert.equal((await fetch(`${fx.gateway.metricsUrl}/healthz`)).status, 404);
    assert.equal((await fetch(`${fx.baseUrl}/healthz`)).status, 200);
  });

  test('an anthropic-beta value off the allow-list never reaches the upstream; an allowed one does', async () => {
    const account = await createAccountWithKey(fx.database.db, fx.config);
    const client = new Anthropic({ baseURL: fx.baseUrl, apiKey: account.apiKey, maxRetries: 0 });
    const message = { model: 'fake-chat', max_tokens: 20, messages: [{ role: 'user' as const, content: 'hi' }] };
    await client.messages.create(message, {
      headers: { 'anthropic-beta': 'web-fetch-2025-09-10,code-execution-2025-08-25' },
    });
    assert.equal(fx.fake.requests.at(-1)?.headers['anthropic-beta'], undefined);
    await client.messages.create(message, {
      headers: { 'anthropic-beta': 'code-execution-2025-08-25, prompt-caching-2024-07-31' },
    });
    assert.equal(fx.fake.requests.at(-1)?.headers['anthropic-beta'], 'prompt-caching-2024-07-31');
  });

  test('a connection that sends its headers too slowly is closed by the listener', async () => {
    const socket = connect(fx.gateway.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write('POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n');
    const started = Date.now();
    const closedAfter = await new Promise<number>((resolve) => {
      socket.on('data', () => undefined);
      socket.once('close', () => resolve(Date.now() - started));
    });
    // Headers timeout 500 ms, checked every second: closed within a few seconds, not held open.
    assert.ok(closedAfter < 5_000, `closed after ${closedAfter} ms`);
  });

  test('a body that trickles in past the request timeout is cut off', async () => {
    const socket = connect(fx.gateway.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{',
    );
    const trickle = setInterval(() => socket.write(' '), 100);
    const started = Date.now();
    const closedAfter = await new Promise<number>((resolve) => {
      socket.on('data', () => undefined);
      socket.once('close', () => resolve(Date.now() - started));
      socket.once('error', () => undefined);
    });
    clearInterval(trickle);
    assert.ok(closedAfter < 5_000, `closed after ${closedAfter} ms`);
  });
});
