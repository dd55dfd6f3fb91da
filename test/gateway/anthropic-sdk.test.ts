import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import {
  createAccountWithKey,
  eventually,
  startGatewayFixture,
  type GatewayFixture,
  type TestAccount,
} from './support/gateway-fixture';

describe('the gateway through the official @anthropic-ai/sdk client', () => {
  let fx: GatewayFixture;
  let plain: TestAccount;
  let guarded: TestAccount;
  let client: Anthropic;
  let guardedClient: Anthropic;

  before(async () => {
    fx = await startGatewayFixture();
    plain = await createAccountWithKey(fx.database.db, fx.config);
    guarded = await createAccountWithKey(fx.database.db, fx.config, {
      piiRestore: true,
      rules: [
        { id: 'cap-tokens', type: 'max_tokens', max: 1000 },
        { id: 'redact-pii', type: 'pii', entities: ['EMAIL', 'IBAN', 'SSN', 'IP'], action: 'redact' },
        { id: 'no-launch-codes', type: 'regex', pattern: 'launch code \\d+', target: 'completion', action: 'block' },
      ],
    });
    client = new Anthropic({ baseURL: fx.baseUrl, apiKey: plain.apiKey, maxRetries: 0 });
    guardedClient = new Anthropic({ baseURL: fx.baseUrl, apiKey: guarded.apiKey, maxRetries: 0 });
  });

  after(async () => {
    await fx.close();
  });

  test('a message comes back with usage; the key travels as x-api-key and never upstream', async () => {
    const message = await client.messages.create({
      model: 'fake-chat',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Bonjour' }],
    });
    assert.deepEqual(
      message.content.map((b) => (b.type === 'text' ? b.text : '')),
      ['You said: Bonjour'],
    );
    assert.ok(message.usage.output_tokens > 0);
    const upstream = fx.fake.requests.at(-1);
    assert.equal(upstream?.headers['x-api-key'], undefined);
  });

  test('a streamed message arrives as events and the final message is complete', async () => {
    const stream = client.messages.stream({
      model: 'fake-chat',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Stream it' }],
    });
    let text = '';
    stream.on('text', (delta) => (text += delta));
    const final = await stream.finalMessage();
    assert.equal(text, 'You said: Stream it');
    assert.ok(final.usage.output_tokens > 0);
  });

  test('upstream errors raise the SDK error types', async () => {
    await assert.rejects(
      client.messages.create({ model: 'fake-fail-429', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }),
      Anthropic.RateLimitError,
    );
    await assert.rejects(
      client.messages.create({ model: 'fake-fail-529', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }),
      Anthropic.APIError,
    );
  });

  test('a request over the max_tokens rule is blocked with PermissionDeniedError', async () => {
    await assert.rejects(
      guardedClient.messages.create({
        model: 'fake-chat',
        max_tokens: 5000,
        messages: [{ role: 'user', content: 'x' }],
      }),
      (error: unknown) => {
        assert.ok(error instanceof Anthropic.PermissionDeniedError);
        assert.match(error.message, /cap-tokens/);
        return true;
      },
    );
  });

  test('PII in system and user text is redacted upstream and restored in the stream', async () => {
    const prompt = 'IBAN DE89 3704 0044 0532 0130 00, SSN 123-45-6789, from 10.0.0.12 by ops@example.org';
    const stream = guardedClient.messages.stream({
      model: 'fake-chat',
      max_tokens: 100,
      system: 'Reply to ops@example.org only',
      messages: [{ role: 'user', content: prompt }],
    });
    let text = '';
    stream.on('text', (delta) => (text += delta));
    await stream.finalMessage();
    assert.equal(text, `You said: ${prompt}`);
    const upstream = fx.fake.requests.at(-1)?.body ?? '';
    for (const secret of ['DE89 3704', '123-45-6789', '10.0.0.12', 'ops@example.org'])
      assert.ok(!upstream.includes(secret), secret);
    assert.match(upstream, /Reply to \[EMAIL_1\] only/);
  });

  test('an output rule stops a stream before the matching text reaches the caller', async () => {
    const stream = guardedClient.messages.stream({
      model: 'fake-chat',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'the launch code 12345 is secret' }],
    });
    let text = '';
    stream.on('text', (delta) => (text += delta));
    await assert.rejects(stream.finalMessage(), (error: unknown) => {
      assert.match(String(error), /no-launch-codes/);
      return true;
    });
    assert.ok(!text.includes('launch code 1'), text);
    const row = await eventually(async () => {
      await fx.gateway.app.writer.flush();
      return fx.database
        .db('gateway_requests')
        .where({ account_id: guarded.accountId, verdict: 'BLOCK', streamed: true })
        .first<{ matched_rule_ids: string[] } | undefined>();
    });
    assert.ok(row.matched_rule_ids.includes('no-launch-codes'));
  });

  test('the same output rule blocks the non-streamed response', async () => {
    await assert.rejects(
      guardedClient.messages.create({
        model: 'fake-chat',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'launch code 999' }],
      }),
      Anthropic.PermissionDeniedError,
    );
  });

  test('bad keys, unknown models and malformed JSON answer in the Anthropic error shape', async () => {
    const bad = new Anthropic({ baseURL: fx.baseUrl, apiKey: 'not-a-key', maxRetries: 0 });
    await assert.rejects(
      bad.messages.create({ model: 'fake-chat', max_tokens: 10, messages: [] }),
      Anthropic.AuthenticationError,
    );
    await assert.rejects(
      client.messages.create({ model: 'gpt-4o', max_tokens: 10, messages: [] }),
      Anthropic.NotFoundError,
    );
    const malformed = await fetch(`${fx.baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': plain.apiKey },
      body: '{nope',
    });
    assert.equal(malformed.status, 400);
    assert.deepEqual(Object.keys((await malformed.json()) as object), ['type', 'error']);
  });
});
