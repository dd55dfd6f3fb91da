import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import {
  createAccountWithKey,
  eventually,
  startGatewayFixture,
  type GatewayFixture,
  type TestAccount,
} from './support/gateway-fixture';

interface LogRow {
  id: string;
  verdict: string;
  matched_rule_ids: string[];
  status: number;
  prompt_tokens: number;
  completion_tokens: number;
  tokens_estimated: boolean;
  streamed: boolean;
  client_disconnected: boolean;
  provider: string;
  model: string;
  api_key_id: string;
}

describe('the gateway through the official openai client', () => {
  let fx: GatewayFixture;
  let plain: TestAccount;
  let guarded: TestAccount;
  let client: OpenAI;
  let guardedClient: OpenAI;

  before(async () => {
    fx = await startGatewayFixture();
    plain = await createAccountWithKey(fx.database.db, fx.config);
    guarded = await createAccountWithKey(fx.database.db, fx.config, {
      piiRestore: true,
      rules: [
        { id: 'no-forbidden-models', type: 'model', mode: 'deny', models: ['fake-forbidden*'] },
        { id: 'no-project-x', type: 'keyword', keywords: ['project nightingale'], action: 'block' },
        { id: 'redact-pii', type: 'pii', entities: ['EMAIL', 'PHONE', 'CARD', 'SECRET'], action: 'redact' },
      ],
    });
    client = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: plain.apiKey, maxRetries: 0 });
    guardedClient = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: guarded.apiKey, maxRetries: 0 });
  });

  after(async () => {
    await fx.close();
  });

  async function rowsOf(account: TestAccount): Promise<LogRow[]> {
    await fx.gateway.app.writer.flush();
    return (await fx.database
      .db('gateway_requests')
      .where({ account_id: account.accountId })
      .orderBy('created_at')) as LogRow[];
  }

  test('a plain completion comes back with the provider usage', async () => {
    const completion = await client.chat.completions.create({
      model: 'fake-chat',
      messages: [{ role: 'user', content: 'Hello there' }],
    });
    assert.equal(completion.choices[0]?.message.content, 'You said: Hello there');
    assert.ok(completion.usage && completion.usage.completion_tokens > 0);
    const upstream = fx.fake.requests.at(-1);
    assert.equal(upstream?.headers.authorization, undefined, 'the caller key never goes upstream');
  });

  test('a streamed completion arrives in chunks; the usage chunk the gateway asked for is hidden', async () => {
    const stream = await client.chat.completions.create({
      model: 'fake-chat',
      stream: true,
      messages: [{ role: 'user', content: 'Stream this please' }],
    });
    let text = '';
    let usageChunks = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usageChunks++;
    }
    assert.equal(text, 'You said: Stream this please');
    assert.equal(usageChunks, 0);
    const sent = JSON.parse(fx.fake.requests.at(-1)?.body ?? '{}') as { stream_options?: { include_usage?: boolean } };
    assert.equal(sent.stream_options?.include_usage, true);
    const rows = await eventually(async () => {
      const r = (await rowsOf(plain)).filter((row) => row.streamed);
      return r.length ? r : undefined;
    });
    assert.equal(rows[0]?.tokens_estimated, false);
    assert.ok((rows[0]?.completion_tokens ?? 0) > 0);
  });

  test('a caller that asks for usage in a stream gets it', async () => {
    const stream = await client.chat.completions.create({
      model: 'fake-chat',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'count me' }],
    });
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
    assert.ok(usage && usage.prompt_tokens > 0);
  });

  test('embeddings and the model list pass through', async () => {
    const result = await client.embeddings.create({ model: 'fake-embed', input: ['one', 'two'] });
    assert.equal(result.data.length, 2);
    const models = await client.models.list();
    assert.ok(models.data.some((m) => m.id === 'fake-chat'));
  });

  test('upstream errors reach the SDK as its usual error types', async () => {
    await assert.rejects(
      client.chat.completions.create({ model: 'fake-fail-429', messages: [{ role: 'user', content: 'x' }] }),
      OpenAI.RateLimitError,
    );
    await assert.rejects(
      client.chat.completions.create({ model: 'fake-fail-500', messages: [{ role: 'user', content: 'x' }] }),
      OpenAI.InternalServerError,
    );
  });

  test('an upstream that stalls times out with a 504', async () => {
    await assert.rejects(
      client.chat.completions.create({ model: 'fake-stall', messages: [{ role: 'user', content: 'x' }] }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.APIError);
        assert.equal(error.status, 504);
        return true;
      },
    );
  });

  test('a stream whose upstream stalls mid-way ends with an error event, not a silent cut', async () => {
    const stream = await client.chat.completions.create({
      model: 'fake-stall-stream',
      stream: true,
      messages: [{ role: 'user', content: 'x' }],
    });
    await assert.rejects(async () => {
      for await (const _chunk of stream) {
        // consume
      }
    }, OpenAI.APIError);
  });

  test('a blocked request raises PermissionDeniedError naming the matched rules; the upstream never sees it', async () => {
    const before = fx.fake.requests.length;
    await assert.rejects(
      guardedClient.chat.completions.create({
        model: 'fake-forbidden-1',
        messages: [{ role: 'user', content: 'about project Nightingale' }],
      }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.PermissionDeniedError);
        assert.match(error.message, /no-forbidden-models/);
        assert.match(error.message, /no-project-x/);
        return true;
      },
    );
    assert.equal(fx.fake.requests.length, before);
    const rows = await eventually(async () => {
      const r = (await rowsOf(guarded)).filter((row) => row.verdict === 'BLOCK');
      return r.length ? r : undefined;
    });
    assert.deepEqual(rows[0]?.matched_rule_ids, ['no-forbidden-models', 'no-project-x']);
    assert.equal(rows[0]?.status, 403);
  });

  test('PII is redacted before the upstream and restored for the caller', async () => {
    const prompt = 'Mail jane.doe@example.com or call +1 415 555 0100, card 4111 1111 1111 1111';
    const completion = await guardedClient.chat.completions.create({
      model: 'fake-chat',
      messages: [{ role: 'user', content: prompt }],
    });
    const upstream = fx.fake.requests.at(-1)?.body ?? '';
    assert.ok(!upstream.includes('jane.doe@example.com'));
    assert.ok(!upstream.includes('4111 1111 1111 1111'));
    assert.ok(!upstream.includes('555 0100'));
    assert.match(upstream, /\[EMAIL_1\].*\[PHONE_1\].*\[CARD_1\]/);
    assert.equal(completion.choices[0]?.message.content, `You said: ${prompt}`);
  });

  test('restore works in streams even when a placeholder is split across chunks', async () => {
    const prompt =
      'x jane.doe@example.com and again jane.doe@example.com, key sk-proj-abcdefghijklmnopqrstuvwxyz123456';
    const stream = await guardedClient.chat.completions.create({
      model: 'fake-chat',
      stream: true,
      messages: [{ role: 'user', content: prompt }],
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.equal(text, `You said: ${prompt}`);
    const upstream = fx.fake.requests.at(-1)?.body ?? '';
    assert.ok(upstream.includes('[EMAIL_1] and again [EMAIL_1]'), 'placeholders are stable within a request');
    assert.ok(!upstream.includes('sk-proj-'));
  });

  test('bad keys, unknown models, malformed JSON and oversized bodies get clear errors', async () => {
    const badKey = new OpenAI({
      baseURL: `${fx.baseUrl}/v1`,
      apiKey: 'atr_000000000000_' + 'x'.repeat(43),
      maxRetries: 0,
    });
    await assert.rejects(
      badKey.chat.completions.create({ model: 'fake-chat', messages: [] }),
      OpenAI.AuthenticationError,
    );
    await assert.rejects(
      client.chat.completions.create({ model: 'no-such-model', messages: [] }),
      OpenAI.NotFoundError,
    );
    const malformed = await fetch(`${fx.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${plain.apiKey}`, 'content-type': 'application/json' },
      body: '{"model": "fake-chat", "messages": [',
    });
    assert.equal(malformed.status, 400);
    assert.match(((await malformed.json()) as { error: { message: string } }).error.message, /not valid JSON/);
    const huge = await fetch(`${fx.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${plain.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fake-chat', messages: [{ role: 'user', content: 'x'.repeat(100_000) }] }),
    });
    assert.equal(huge.status, 413);
    const health = await fetch(`${fx.baseUrl}/healthz`);
    assert.equal(health.status, 200);
  });

  test('a model name Postgres cannot store (a NUL character) is refused and logged without it; logging goes on', async () => {
    const odd = await createAccountWithKey(fx.database.db, fx.config);
    const oddClient = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: odd.apiKey, maxRetries: 0 });
    await assert.rejects(
      oddClient.chat.completions.create({ model: 'missing\u0000\u0001x', messages: [] }),
      OpenAI.NotFoundError,
    );
    await oddClient.chat.completions.create({ model: 'fake-chat', messages: [{ role: 'user', content: 'after' }] });
    const rows = await rowsOf(odd);
    assert.deepEqual(
      rows.map((r) => [r.model, r.status]),
      [
        ['missing\uFFFD\uFFFDx', 404],
        ['fake-chat', 200],
      ],
    );
    assert.equal(fx.gateway.app.writer.spoolDepth, 0);
  });

  test('a client that disconnects mid-stream still gets a log row with what was streamed', async () => {
    const controller = new AbortController();
    const response = await fetch(`${fx.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${plain.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'fake-slow',
        stream: true,
        messages: [{ role: 'user', content: 'a long answer '.repeat(10) }],
      }),
      signal: controller.signal,
    });
    const reader = response.body?.getReader();
    assert.ok(reader);
    await reader.read();
    await reader.read();
    controller.abort();
    const row = await eventually(async () => (await rowsOf(plain)).find((r) => r.client_disconnected));
    assert.equal(row.streamed, true);
    assert.equal(row.model, 'fake-slow');
    assert.ok(row.completion_tokens > 0);
  });

  test('a client that gives up on a non-streamed completion cancels the upstream call', async () => {
    const controller = new AbortController();
    const pending = fetch(`${fx.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${plain.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fake-stall', messages: [{ role: 'user', content: 'never answered' }] }),
      signal: controller.signal,
    });
    const upstream = await eventually(() =>
      Promise.resolve(fx.fake.requests.find((r) => r.body.includes('never answered'))),
    );
    const abortedAt = Date.now();
    controller.abort();
    await assert.rejects(pending);
    // Well before the 1.5 s upstream timeout: the gateway closed the upstream request when its caller left.
    await eventually(() => Promise.resolve(upstream.closedBeforeAnswer), 1_000);
    assert.ok(Date.now() - abortedAt < 1_000);
    const row = await eventually(async () =>
      (await rowsOf(plain)).find((r) => r.model === 'fake-stall' && r.client_disconnected),
    );
    assert.equal(row.streamed, false);
  });

  test('every request has exactly one metadata row with provider, model, verdict and key', async () => {
    const rows = await rowsOf(plain);
    assert.ok(rows.length >= 8);
    assert.ok(rows.every((r) => r.api_key_id === plain.keyId && typeof r.provider === 'string'));
    assert.equal(new Set(rows.map((r) => r.id)).size, rows.length);
    const metrics = await (await fetch(`${fx.gateway.metricsUrl}/metrics`)).text();
    assert.match(metrics, /autrace_gateway_requests_total/);
    assert.match(metrics, /autrace_gateway_spool_depth 0/);
  });
});
