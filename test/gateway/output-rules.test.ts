import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import {
  createAccountWithKey,
  lastRequestRow,
  startGatewayFixture,
  type GatewayFixture,
  type TestAccount,
} from './support/gateway-fixture';
import { PII, REDACT_EVERY_PII_TYPE } from './support/pii-values';

const TOOLS: OpenAI.ChatCompletionTool[] = [
  {
    type: 'function',
    function: { name: 'send_note', parameters: { type: 'object', properties: { text: { type: 'string' } } } },
  },
];
const PRIVATE_KEY =
  '-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEAq7BFUpkGp3+XQAt\n-----END PRIVATE KEY-----';
/** Values whose restore inside JSON needs escaping (line breaks) and ones that are plain. */
const RESTORED_PROMPT = `mail ${PII.email} or call ${PII.phone}; the key is ${PRIVATE_KEY} and "${PII.ip}"`;

interface LogRow {
  verdict: string;
  matched_rule_ids: string[];
  status: number;
}

describe('output rules and restore on everything a model writes', () => {
  let fx: GatewayFixture;
  let blocker: TestAccount;
  let redactor: TestAccount;
  let restorer: TestAccount;

  before(async () => {
    fx = await startGatewayFixture();
    blocker = await createAccountWithKey(fx.database.db, fx.config, {
      rules: [{ id: 'no-secrets-out', type: 'pii', entities: ['SECRET'], target: 'completion', action: 'block' }],
    });
    redactor = await createAccountWithKey(fx.database.db, fx.config, {
      rules: [{ id: 'no-emails-out', type: 'pii', entities: ['EMAIL'], target: 'completion', action: 'redact' }],
    });
    restorer = await createAccountWithKey(fx.database.db, fx.config, {
      piiRestore: true,
      rules: [REDACT_EVERY_PII_TYPE],
    });
  });

  after(async () => {
    await fx.close();
  });

  const openai = (account: TestAccount) =>
    new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: account.apiKey, maxRetries: 0 });
  const anthropic = (account: TestAccount) =>
    new Anthropic({ baseURL: fx.baseUrl, apiKey: account.apiKey, maxRetries: 0 });

  const lastRow = (account: TestAccount) => lastRequestRow<LogRow>(fx, account);

  test('a secret streamed inside tool-call arguments of the second choice ends the stream before any of it is sent', async () => {
    const stream = await openai(blocker).chat.completions.create({
      model: 'fake-tools',
      n: 2,
      stream: true,
      tools: TOOLS,
      messages: [{ role: 'user', content: `nothing to see here\nthe key is ${PII.secret}` }],
    });
    const args = ['', ''];
    await assert.rejects(async () => {
      for await (const chunk of stream)
        for (const choice of chunk.choices)
          for (const call of choice.delta.tool_calls ?? []) args[choice.index] += call.function?.arguments ?? '';
    }, /no-secrets-out/);
    assert.ok(!args.join('').includes('sk-proj-'), 'no part of the secret reached the caller');
    const row = await lastRow(blocker);
    assert.equal(row.verdict, 'BLOCK');
    assert.deepEqual(row.matched_rule_ids, ['no-secrets-out']);
  });

  test('a secret in the tool-call arguments of the second choice of a non-streamed completion blocks it', async () => {
    await assert.rejects(
      openai(blocker).chat.completions.create({
        model: 'fake-tools',
        n: 2,
        tools: TOOLS,
        messages: [{ role: 'user', content: `nothing to see here\nthe key is ${PII.secret}` }],
      }),
      (error: unknown) => error instanceof OpenAI.PermissionDeniedError && /no-secrets-out/.test(error.message),
    );
  });

  test('every choice of a streamed completion is redacted, the held-back end of each included', async () => {
    const stream = await openai(redactor).chat.completions.create({
      model: 'fake-chat',
      n: 3,
      stream: true,
      messages: [{ role: 'user', content: `hello\nmail ${PII.email} today\nor ${PII.email}` }],
    });
    const texts = ['', '', ''];
    for await (const chunk of stream)
      for (const choice of chunk.choices) texts[choice.index] += choice.delta.content ?? '';
    assert.deepEqual(texts, ['You said: hello', 'You said: mail [EMAIL] today', 'You said: or [EMAIL]']);
  });

  test('a secret streamed in an Anthropic tool_use input (input_json_delta) ends the stream', async () => {
    const stream = anthropic(blocker).messages.stream({
      model: 'fake-tools',
      max_tokens: 100,
      tools: [{ name: 'send_note', input_schema: { type: 'object', properties: { text: { type: 'string' } } } }],
      messages: [{ role: 'user', content: `the key is ${PII.secret}` }],
    });
    let json = '';
    stream.on('inputJson', (delta) => (json += delta));
    await assert.rejects(stream.finalMessage(), /no-secrets-out/);
    assert.ok(!json.includes('sk-proj-'));
  });

  for (const streamed of [false, true]) {
    const mode = streamed ? 'streamed' : 'plain';

    test(`restore puts the originals back inside chat tool-call arguments, as valid JSON (${mode})`, async () => {
      const request = {
        model: 'fake-tools',
        tools: TOOLS,
        messages: [{ role: 'user' as const, content: RESTORED_PROMPT }],
      };
      let args = '';
      if (streamed) {
        const stream = await openai(restorer).chat.completions.create({ ...request, stream: true });
        for await (const chunk of stream)
          for (const call of chunk.choices[0]?.delta.tool_calls ?? []) args += call.function?.arguments ?? '';
      } else {
        const completion = await openai(restorer).chat.completions.create(request);
        const call = completion.choices[0]?.message.tool_calls?.[0];
        args = call?.type === 'function' ? call.function.arguments : '';
      }
      assert.deepEqual(JSON.parse(args), { text: `You said: ${RESTORED_PROMPT}` });
      const upstream = fx.fake.requests.at(-1)?.body ?? '';
      assert.ok(!upstream.includes(PII.email) && !upstream.includes('BEGIN PRIVATE KEY'));
    });

    test(`restore puts the originals back inside an Anthropic tool_use input (${mode})`, async () => {
      const request = {
        model: 'fake-tools',
        max_tokens: 100,
        tools: [{ name: 'send_note', input_schema: { type: 'object' as const } }],
        messages: [{ role: 'user' as const, content: RESTORED_PROMPT }],
      };
      const message = streamed
        ? await anthropic(restorer).messages.stream(request).finalMessage()
        : await anthropic(restorer).messages.create(request);
      const block = message.content[0];
      assert.equal(block?.type, 'tool_use');
      assert.deepEqual(block.type === 'tool_use' ? block.input : null, { text: `You said: ${RESTORED_PROMPT}` });
    });
  }
});
