import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { createAccountWithKey, startGatewayFixture, type GatewayFixture } from './support/gateway-fixture';

describe('caps on what tenant patterns read', () => {
  let fx: GatewayFixture;
  let openai: OpenAI;
  let anthropic: Anthropic;

  before(async () => {
    fx = await startGatewayFixture({ env: { GATEWAY_MAX_SEGMENT_CHARS: '2000' } });
    const account = await createAccountWithKey(fx.database.db, fx.config, {
      rules: [{ id: 'stars', type: 'model', mode: 'deny', models: ['*a*a*a*a*a*a*b'] }],
    });
    openai = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: account.apiKey, maxRetries: 0 });
    anthropic = new Anthropic({ baseURL: fx.baseUrl, apiKey: account.apiKey, maxRetries: 0 });
  });

  after(async () => {
    await fx.close();
  });

  test('a model name over 256 characters is a 400 in the caller wire format, before any rule runs', async () => {
    await assert.rejects(
      openai.chat.completions.create({ model: `fake-${'a'.repeat(300)}`, messages: [{ role: 'user', content: 'x' }] }),
      (error: unknown) => error instanceof OpenAI.BadRequestError && /longer than 256/.test(error.message),
    );
    await assert.rejects(
      anthropic.messages.create({
        model: `fake-${'a'.repeat(300)}`,
        max_tokens: 10,
        messages: [{ role: 'user', content: 'x' }],
      }),
      Anthropic.BadRequestError,
    );
    // Whether or not anything serves it: the cap comes before the lookup.
    await assert.rejects(
      openai.chat.completions.create({ model: 'x'.repeat(10_000), messages: [{ role: 'user', content: 'x' }] }),
      (error: unknown) => error instanceof OpenAI.BadRequestError && /longer than 256/.test(error.message),
    );
  });

  test('a message part over GATEWAY_MAX_SEGMENT_CHARS is a 413; one under it passes', async () => {
    await assert.rejects(
      openai.chat.completions.create({ model: 'fake-chat', messages: [{ role: 'user', content: 'x'.repeat(2_001) }] }),
      (error: unknown) => error instanceof OpenAI.APIError && error.status === 413,
    );
    await openai.chat.completions.create({
      model: 'fake-chat',
      messages: [{ role: 'user', content: 'x'.repeat(2_000) }],
    });
  });
});
