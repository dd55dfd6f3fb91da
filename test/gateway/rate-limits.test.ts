import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { createAccountWithKey, startGatewayFixture, type GatewayFixture } from './support/gateway-fixture';

describe('rate limits per key and per account', () => {
  let fx: GatewayFixture;

  before(async () => {
    fx = await startGatewayFixture();
  });

  after(async () => {
    await fx.close();
  });

  const chat = { model: 'fake-chat', messages: [{ role: 'user' as const, content: 'hi' }] };

  test('a key over its request rate gets a 429 the openai SDK raises as RateLimitError, with the headers it reads', async () => {
    const account = await createAccountWithKey(fx.database.db, fx.config, {
      rateLimits: { perKey: { requestsPerMinute: 2 } },
    });
    const client = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: account.apiKey, maxRetries: 0 });
    await client.chat.completions.create(chat);
    await client.chat.completions.create(chat);
    const upstreamBefore = fx.fake.requests.length;
    const error = await client.chat.completions.create(chat).then(
      () => assert.fail('the third request was admitted'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof OpenAI.RateLimitError, String(error));
    assert.equal(error.status, 429);
    const retryAfter = Number(error.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 30, `retry-after ${retryAfter}`);
    assert.equal(error.headers.get('x-ratelimit-limit-requests'), '2');
    assert.equal(error.headers.get('x-ratelimit-remaining-requests'), '0');
    assert.match(error.headers.get('x-ratelimit-reset-requests') ?? '', /^\d+(ms|s)$/);
    assert.equal((error.error as { code?: string }).code, 'rate_limit_exceeded');
    assert.equal(fx.fake.requests.length, upstreamBefore, 'a refused request never goes upstream');
  });

  test('the same in the Anthropic wire format: the anthropic SDK raises RateLimitError', async () => {
    const account = await createAccountWithKey(fx.database.db, fx.config, {
      rateLimits: { account: { requestsPerMinute: 1 } },
    });
    const client = new Anthropic({ baseURL: fx.baseUrl, apiKey: account.apiKey, maxRetries: 0 });
    const message = { model: 'fake-chat', max_tokens: 50, messages: [{ role: 'user' as const, content: 'hi' }] };
    await client.messages.create(message);
    const error = await client.messages.create(message).then(
      () => assert.fail('the second request was admitted'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof Anthropic.RateLimitError, String(error));
    assert.ok(Number(error.headers.get('retry-after')) >= 1);
    assert.equal(error.headers.get('anthropic-ratelimit-requests-limit'), '1');
    assert.equal(error.headers.get('anthropic-ratelimit-requests-remaining'), '0');
    assert.ok(!Number.isNaN(Date.parse(error.headers.get('anthropic-ratelimit-requests-reset') ?? '')));
    assert.deepEqual((error.error as { error?: { type?: string } }).error?.type, 'rate_limit_error');
  });

  test('an admitted request is answered with the limit headers the openai SDK reads, plain and streamed', async () => {
    const account = await createAccountWithKey(fx.database.db, fx.config, {
      rateLimits: { perKey: { requestsPerMinute: 5 } },
    });
    const send = (stream: boolean) =>
      fetch(`${fx.baseUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${account.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...chat, stream }),
      });
    for (const [stream, remaining] of [
      [false, '4'],
      [true, '3'],
    ] as const) {
      const response = await send(stream);
      await response.text();
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('x-ratelimit-limit-requests'), '5');
      assert.equal(response.headers.get('x-ratelimit-remaining-requests'), remaining);
      assert.match(response.headers.get('x-ratelimit-reset-requests') ?? '', /^\d+(ms|s)$/);
      assert.ok(Number(response.headers.get('x-ratelimit-limit-tokens')) > 0);
      assert.ok(Number(response.headers.get('x-ratelimit-remaining-tokens')) > 0);
      assert.equal(response.headers.get('retry-after'), null, 'nothing to wait for');
    }
  });

  test('an admitted request in the Anthropic wire format carries anthropic-ratelimit headers', async () => {
    const account = await createAccountWithKey(fx.database.db, fx.config, {
      rateLimits: { account: { requestsPerMinute: 3 } },
    });
    const client = new Anthropic({ baseURL: fx.baseUrl, apiKey: account.apiKey, maxRetries: 0 });
    const { response } = await client.messages
      .create({ model: 'fake-chat', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    assert.equal(response.headers.get('anthropic-ratelimit-requests-limit'), '3');
    assert.equal(response.headers.get('anthropic-ratelimit-requests-remaining'), '2');
    assert.ok(Date.parse(response.headers.get('anthropic-ratelimit-requests-reset') ?? '') > Date.now() - 1_000);
    assert.ok(Number(response.headers.get('anthropic-ratelimit-tokens-remaining')) > 0);
  });

  test('a key at its concurrency limit gets a 429 until a request ends', async () => {
    const account = await createAccountWithKey(fx.database.db, fx.config, {
      rateLimits: { perKey: { concurrentRequests: 1 } },
    });
    const client = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: account.apiKey, maxRetries: 0 });
    const slow = await client.chat.completions.create({
      model: 'fake-slow',
      stream: true,
      messages: [{ role: 'user', content: 'a long answer '.repeat(5) }],
    });
    const iterator = slow[Symbol.asyncIterator]();
    await iterator.next();
    await assert.rejects(client.chat.completions.create(chat), OpenAI.RateLimitError);
    for (;;) if ((await iterator.next()).done) break;
    await client.chat.completions.create(chat);
  });

  test('a key past its tokens per minute gets a 429 naming the token limit', async () => {
    const account = await createAccountWithKey(fx.database.db, fx.config, {
      rateLimits: { perKey: { tokensPerMinute: 5 } },
    });
    const client = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: account.apiKey, maxRetries: 0 });
    await client.chat.completions.create({ ...chat, messages: [{ role: 'user', content: 'x '.repeat(50) }] });
    await assert.rejects(client.chat.completions.create(chat), (error: unknown) => {
      assert.ok(error instanceof OpenAI.RateLimitError);
      assert.match(error.message, /tokens per minute/);
      assert.equal(error.headers.get('x-ratelimit-remaining-tokens'), '0');
      return true;
    });
  });

  test("one key's limit leaves the account's other keys and other accounts alone", async () => {
    const limited = await createAccountWithKey(fx.database.db, fx.config, {
      rateLimits: { perKey: { requestsPerMinute: 1 } },
    });
    const other = await createAccountWithKey(fx.database.db, fx.config);
    const limitedClient = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: limited.apiKey, maxRetries: 0 });
    const otherClient = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: other.apiKey, maxRetries: 0 });
    await limitedClient.chat.completions.create(chat);
    await assert.rejects(limitedClient.chat.completions.create(chat), OpenAI.RateLimitError);
    for (let i = 0; i < 5; i++) await otherClient.chat.completions.create(chat);
  });
});
