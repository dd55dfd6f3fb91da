import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import {
  createAccountWithKey,
  lastRequestRow,
  lastUpstreamRequest,
  startGatewayFixture,
  type GatewayFixture,
  type TestAccount,
} from './support/gateway-fixture';

/*
 * The fake upstream serves `fake-claude-…` in the Anthropic format only and
 * `fake-gpt-…` in the OpenAI format only, so each SDK here reaches a model of
 * the other format through the gateway's translation.
 */

type Json = Record<string, unknown>;

interface LogRow {
  model: string;
  status: number;
  streamed: boolean;
  prompt_tokens: number;
  completion_tokens: number;
  tokens_estimated: boolean;
}

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const OPENAI_TOOLS: OpenAI.ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'weather',
      description: 'The weather in a city',
      parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
    },
  },
  {
    type: 'function',
    function: { name: 'time', parameters: { type: 'object', properties: { text: { type: 'string' } } } },
  },
];

const ANTHROPIC_TOOLS: Anthropic.Tool[] = [
  {
    name: 'weather',
    description: 'The weather in a city',
    input_schema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  },
  { name: 'time', input_schema: { type: 'object', properties: { text: { type: 'string' } } } },
];

describe('translation between the OpenAI and Anthropic wire formats, through both official SDKs', () => {
  let fx: GatewayFixture;
  let plain: TestAccount;
  let guarded: TestAccount;
  let openai: OpenAI;
  let guardedOpenai: OpenAI;
  let anthropic: Anthropic;
  let guardedAnthropic: Anthropic;

  before(async () => {
    fx = await startGatewayFixture();
    plain = await createAccountWithKey(fx.database.db, fx.config);
    guarded = await createAccountWithKey(fx.database.db, fx.config, {
      piiRestore: true,
      rules: [
        { id: 'redact-pii', type: 'pii', entities: ['EMAIL'], action: 'redact' },
        { id: 'no-launch-codes', type: 'regex', pattern: 'launch code \\d+', target: 'completion', action: 'block' },
      ],
    });
    openai = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: plain.apiKey, maxRetries: 0 });
    guardedOpenai = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: guarded.apiKey, maxRetries: 0 });
    anthropic = new Anthropic({ baseURL: fx.baseUrl, apiKey: plain.apiKey, maxRetries: 0 });
    guardedAnthropic = new Anthropic({ baseURL: fx.baseUrl, apiKey: guarded.apiKey, maxRetries: 0 });
  });

  after(async () => {
    await fx.close();
  });

  const lastUpstream = () => lastUpstreamRequest(fx);
  const lastRow = (account: TestAccount, model: string) => lastRequestRow<LogRow>(fx, account, model);

  describe('an OpenAI chat client and an Anthropic model', () => {
    test('a completion with a system prompt comes back with finish_reason and usage; the upstream got a Messages request', async () => {
      const completion = await openai.chat.completions.create({
        model: 'fake-claude-chat',
        messages: [
          { role: 'system', content: 'Answer briefly.' },
          { role: 'user', content: 'Hello there' },
        ],
      });
      assert.equal(completion.object, 'chat.completion');
      assert.equal(completion.choices[0]?.message.content, 'You said: Hello there');
      assert.equal(completion.choices[0]?.finish_reason, 'stop');
      assert.ok(completion.usage && completion.usage.prompt_tokens > 0 && completion.usage.completion_tokens > 0);
      const upstream = lastUpstream();
      assert.equal(upstream.path, '/v1/messages');
      assert.equal(upstream.body.system, 'Answer briefly.');
      assert.equal(upstream.body.max_tokens, 4096);
      assert.deepEqual(upstream.body.messages, [{ role: 'user', content: [{ type: 'text', text: 'Hello there' }] }]);
    });

    test('a streamed completion arrives as chunks, with usage when asked and recorded from the provider', async () => {
      const stream = await openai.chat.completions.create({
        model: 'fake-claude-stream',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'Stream this please' }],
      });
      let text = '';
      let finish: string | null | undefined;
      let usage: OpenAI.CompletionUsage | null | undefined;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        finish = chunk.choices[0]?.finish_reason ?? finish;
        if (chunk.usage) usage = chunk.usage;
      }
      assert.equal(text, 'You said: Stream this please');
      assert.equal(finish, 'stop');
      assert.ok(usage && usage.prompt_tokens > 0 && usage.completion_tokens > 0);
      const row = await lastRow(plain, 'fake-claude-stream');
      assert.equal(row.tokens_estimated, false);
      assert.equal(row.completion_tokens, usage.completion_tokens);
      assert.equal(row.prompt_tokens, usage.prompt_tokens);
    });

    test('a stream without include_usage gets no usage chunk', async () => {
      const stream = await openai.chat.completions.create({
        model: 'fake-claude-chat',
        stream: true,
        messages: [{ role: 'user', content: 'no usage for me' }],
      });
      let usageChunks = 0;
      for await (const chunk of stream) if (chunk.usage) usageChunks++;
      assert.equal(usageChunks, 0);
    });

    test('an image part reaches the Anthropic model as a base64 image block', async () => {
      await openai.chat.completions.create({
        model: 'fake-claude-chat',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
            ],
          },
        ],
      });
      const content = (lastUpstream().body.messages as Json[])[0]?.content;
      assert.deepEqual(content, [
        { type: 'text', text: 'What is this?' },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
      ]);
    });

    test('streamed parallel tool calls are assembled by the SDK stream helper, with the text before them', async () => {
      const stream = openai.chat.completions.stream({
        model: 'fake-claude-parallel-tools',
        tools: OPENAI_TOOLS,
        tool_choice: 'required',
        messages: [{ role: 'user', content: 'Paris' }],
      });
      const done: string[] = [];
      stream.on('tool_calls.function.arguments.done', (event) => done.push(event.name));
      const final = await stream.finalChatCompletion();
      const message = final.choices[0]?.message;
      assert.equal(final.choices[0]?.finish_reason, 'tool_calls');
      assert.equal(message?.content, 'Let me check.');
      assert.deepEqual(
        message?.tool_calls?.map((c) => (c.type === 'function' ? [c.id, c.function.name, c.function.arguments] : [])),
        [
          ['toolu_fake_0', 'weather', JSON.stringify({ text: 'You said: Paris', call: 0 })],
          ['toolu_fake_1', 'time', JSON.stringify({ text: 'You said: Paris', call: 1 })],
        ],
      );
      assert.deepEqual(done, ['weather', 'time']);
      const upstream = lastUpstream().body;
      assert.deepEqual(upstream.tool_choice, { type: 'any' });
      assert.deepEqual(upstream.tools, [
        {
          name: 'weather',
          description: 'The weather in a city',
          input_schema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
        },
        { name: 'time', input_schema: { type: 'object', properties: { text: { type: 'string' } } } },
      ]);
    });

    test('tool results sent back in the next turn reach the model as tool_result blocks of one user turn', async () => {
      const completion = await openai.chat.completions.create({
        model: 'fake-claude-tools',
        tools: OPENAI_TOOLS,
        messages: [
          { role: 'user', content: 'Paris' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'toolu_a', type: 'function', function: { name: 'weather', arguments: '{"text":"Paris"}' } },
              { id: 'toolu_b', type: 'function', function: { name: 'time', arguments: '{"text":"Paris"}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'toolu_a', content: 'sunny' },
          { role: 'tool', tool_call_id: 'toolu_b', content: 'noon' },
        ],
      });
      assert.equal(completion.choices[0]?.message.content, 'Tool said: sunny | noon');
      assert.equal(completion.choices[0]?.finish_reason, 'stop');
      const messages = lastUpstream().body.messages as Json[];
      assert.deepEqual(messages.slice(1), [
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'toolu_a', name: 'weather', input: { text: 'Paris' } },
            { type: 'tool_use', id: 'toolu_b', name: 'time', input: { text: 'Paris' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_a', content: 'sunny' },
            { type: 'tool_result', tool_use_id: 'toolu_b', content: 'noon' },
          ],
        },
      ]);
    });

    test('an answer cut by max_tokens finishes with "length"', async () => {
      const completion = await openai.chat.completions.create({
        model: 'fake-claude-length',
        max_tokens: 1,
        messages: [{ role: 'user', content: 'a long answer please' }],
      });
      assert.equal(completion.choices[0]?.finish_reason, 'length');
      assert.equal(lastUpstream().body.max_tokens, 1);
    });

    test('upstream errors raise the OpenAI SDK error classes with the provider message', async () => {
      await assert.rejects(
        openai.chat.completions.create({ model: 'fake-claude-fail-429', messages: [{ role: 'user', content: 'x' }] }),
        (error: unknown) => error instanceof OpenAI.RateLimitError && /fake upstream failure 429/.test(error.message),
      );
      await assert.rejects(
        openai.chat.completions.create({ model: 'fake-claude-fail-500', messages: [{ role: 'user', content: 'x' }] }),
        OpenAI.InternalServerError,
      );
    });

    test('an error event in the middle of a stream is raised by the OpenAI SDK', async () => {
      const stream = await openai.chat.completions.create({
        model: 'fake-claude-stream-error',
        stream: true,
        messages: [{ role: 'user', content: 'x' }],
      });
      await assert.rejects(
        async () => {
          for await (const _chunk of stream) {
            // consume
          }
        },
        (error: unknown) => error instanceof OpenAI.APIError && /overloaded mid-stream/.test(error.message),
      );
    });

    test('a request the Anthropic format cannot express is refused as BadRequestError before the upstream', async () => {
      const before = fx.fake.requests.length;
      await assert.rejects(
        openai.chat.completions.create({ model: 'fake-claude-chat', n: 2, messages: [{ role: 'user', content: 'x' }] }),
        (error: unknown) => error instanceof OpenAI.BadRequestError && /n > 1/.test(error.message),
      );
      assert.equal(fx.fake.requests.length, before);
    });

    test('PII is redacted in what the Anthropic model receives and restored in the streamed answer', async () => {
      const prompt = 'Write to jane.doe@example.com today';
      const stream = await guardedOpenai.chat.completions.create({
        model: 'fake-claude-chat',
        stream: true,
        messages: [{ role: 'user', content: prompt }],
      });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      assert.equal(text, `You said: ${prompt}`);
      const upstream = fx.fake.requests.at(-1)?.body ?? '';
      assert.ok(!upstream.includes('jane.doe@example.com'));
      assert.match(upstream, /\[EMAIL_1\]/);
    });
    test('PII is restored in a non-streamed translated answer', async () => {
      const prompt = 'Write to jane.doe@example.com today';
      const completion = await guardedOpenai.chat.completions.create({
        model: 'fake-claude-chat',
        messages: [{ role: 'user', content: prompt }],
      });
      assert.equal(completion.choices[0]?.message.content, `You said: ${prompt}`);
      assert.ok(!(fx.fake.requests.at(-1)?.body ?? '').includes('jane.doe@example.com'));
    });

    test('an output rule stops a translated stream with an error the OpenAI SDK raises', async () => {
      const stream = await guardedOpenai.chat.completions.create({
        model: 'fake-claude-chat',
        stream: true,
        messages: [{ role: 'user', content: 'the launch code 1234 is here' }],
      });
      let text = '';
      await assert.rejects(
        async () => {
          for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
        },
        (error: unknown) => error instanceof OpenAI.APIError && /no-launch-codes/.test(error.message),
      );
      assert.ok(!text.includes('1234'));
    });
  });

  describe('an Anthropic client and an OpenAI model', () => {
    test('PII is restored in a non-streamed translated message', async () => {
      const prompt = 'Write to jane.doe@example.com today';
      const message = await guardedAnthropic.messages.create({
        model: 'fake-gpt-chat',
        max_tokens: 100,
        messages: [{ role: 'user', content: prompt }],
      });
      assert.deepEqual(
        message.content.map((b) => (b.type === 'text' ? b.text : b.type)),
        [`You said: ${prompt}`],
      );
      assert.ok(!(fx.fake.requests.at(-1)?.body ?? '').includes('jane.doe@example.com'));
    });

    test('an output rule stops a translated stream with an error the Anthropic SDK raises', async () => {
      const stream = guardedAnthropic.messages.stream({
        model: 'fake-gpt-chat',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'the launch code 1234 is here' }],
      });
      let text = '';
      stream.on('text', (delta) => (text += delta));
      await assert.rejects(stream.finalMessage(), /no-launch-codes/);
      assert.ok(!text.includes('1234'));
    });

    test('a message with a system prompt comes back with stop_reason and usage; the upstream got a chat request', async () => {
      const message = await anthropic.messages.create({
        model: 'fake-gpt-chat',
        max_tokens: 100,
        system: 'Answer briefly.',
        messages: [{ role: 'user', content: 'Bonjour' }],
      });
      assert.equal(message.type, 'message');
      assert.deepEqual(
        message.content.map((b) => (b.type === 'text' ? b.text : b.type)),
        ['You said: Bonjour'],
      );
      assert.equal(message.stop_reason, 'end_turn');
      assert.ok(message.usage.input_tokens > 0 && message.usage.output_tokens > 0);
      const upstream = lastUpstream();
      assert.equal(upstream.path, '/v1/chat/completions');
      assert.deepEqual(upstream.body.messages, [
        { role: 'system', content: 'Answer briefly.' },
        { role: 'user', content: 'Bonjour' },
      ]);
      assert.equal(upstream.body.max_completion_tokens, 100);
    });

    test('a streamed message arrives as events; the final message has usage, recorded from the provider', async () => {
      const stream = anthropic.messages.stream({
        model: 'fake-gpt-stream',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'Stream it' }],
      });
      let text = '';
      stream.on('text', (delta) => (text += delta));
      const final = await stream.finalMessage();
      assert.equal(text, 'You said: Stream it');
      assert.equal(final.stop_reason, 'end_turn');
      assert.ok(final.usage.input_tokens > 0 && final.usage.output_tokens > 0);
      assert.deepEqual(lastUpstream().body.stream_options, { include_usage: true });
      const row = await lastRow(plain, 'fake-gpt-stream');
      assert.equal(row.tokens_estimated, false);
      assert.equal(row.completion_tokens, final.usage.output_tokens);
      assert.equal(row.prompt_tokens, final.usage.input_tokens);
    });

    test('an image block reaches the OpenAI model as a data URL', async () => {
      await anthropic.messages.create({
        model: 'fake-gpt-chat',
        max_tokens: 100,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
              { type: 'text', text: 'What is this?' },
            ],
          },
        ],
      });
      assert.deepEqual((lastUpstream().body.messages as Json[])[0], {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
          { type: 'text', text: 'What is this?' },
        ],
      });
    });

    test('interleaved parallel tool calls stream as consecutive tool_use blocks the SDK assembles', async () => {
      const stream = anthropic.messages.stream({
        model: 'fake-gpt-parallel-tools',
        max_tokens: 200,
        tools: ANTHROPIC_TOOLS,
        tool_choice: { type: 'any' },
        messages: [{ role: 'user', content: 'Rome' }],
      });
      let jsonDeltas = 0;
      stream.on('inputJson', () => jsonDeltas++);
      const final = await stream.finalMessage();
      assert.equal(final.stop_reason, 'tool_use');
      assert.deepEqual(
        final.content.map((b) => (b.type === 'tool_use' ? [b.id, b.name, b.input] : [b.type])),
        [
          ['call_fake_0', 'weather', { text: 'You said: Rome', call: 0 }],
          ['call_fake_0_1', 'time', { text: 'You said: Rome', call: 1 }],
        ],
      );
      assert.ok(jsonDeltas >= 2);
      const upstream = lastUpstream().body;
      assert.equal(upstream.tool_choice, 'required');
      assert.deepEqual(upstream.tools, [
        {
          type: 'function',
          function: {
            name: 'weather',
            description: 'The weather in a city',
            parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
          },
        },
        {
          type: 'function',
          function: { name: 'time', parameters: { type: 'object', properties: { text: { type: 'string' } } } },
        },
      ]);
    });

    test('tool results, one of them an error, reach the model as tool messages after the calls', async () => {
      const message = await anthropic.messages.create({
        model: 'fake-gpt-tools',
        max_tokens: 100,
        tools: ANTHROPIC_TOOLS,
        messages: [
          { role: 'user', content: 'Rome' },
          {
            role: 'assistant',
            content: [
              { type: 'tool_use', id: 'call_a', name: 'weather', input: { text: 'Rome' } },
              { type: 'tool_use', id: 'call_b', name: 'time', input: { text: 'Rome' } },
            ],
          },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 'call_a', content: 'rain' },
              { type: 'tool_result', tool_use_id: 'call_b', content: 'clock broken', is_error: true },
            ],
          },
        ],
      });
      assert.deepEqual(
        message.content.map((b) => (b.type === 'text' ? b.text : b.type)),
        ['Tool said: rain | Error: clock broken'],
      );
      const messages = lastUpstream().body.messages as Json[];
      assert.deepEqual(messages.slice(1), [
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_a', type: 'function', function: { name: 'weather', arguments: '{"text":"Rome"}' } },
            { id: 'call_b', type: 'function', function: { name: 'time', arguments: '{"text":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_a', content: 'rain' },
        { role: 'tool', tool_call_id: 'call_b', content: 'Error: clock broken' },
      ]);
    });

    test('an answer cut by the token limit stops with "max_tokens", streamed', async () => {
      const final = await anthropic.messages
        .stream({ model: 'fake-gpt-length', max_tokens: 1, messages: [{ role: 'user', content: 'long please' }] })
        .finalMessage();
      assert.equal(final.stop_reason, 'max_tokens');
    });

    test('upstream errors raise the Anthropic SDK error classes with the provider message', async () => {
      await assert.rejects(
        anthropic.messages.create({
          model: 'fake-gpt-fail-429',
          max_tokens: 10,
          messages: [{ role: 'user', content: 'x' }],
        }),
        (error: unknown) =>
          error instanceof Anthropic.RateLimitError && /fake upstream failure 429/.test(error.message),
      );
      await assert.rejects(
        anthropic.messages.create({
          model: 'fake-gpt-fail-500',
          max_tokens: 10,
          messages: [{ role: 'user', content: 'x' }],
        }),
        Anthropic.InternalServerError,
      );
    });

    test('an error chunk in the middle of a stream is raised by the Anthropic SDK', async () => {
      await assert.rejects(
        anthropic.messages
          .stream({ model: 'fake-gpt-stream-error', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
          .finalMessage(),
        (error: unknown) => error instanceof Anthropic.APIError && /failed mid-stream/.test(error.message),
      );
    });

    test('a server tool the OpenAI format cannot express is refused as BadRequestError before the upstream', async () => {
      const before = fx.fake.requests.length;
      await assert.rejects(
        anthropic.messages.create({
          model: 'fake-gpt-chat',
          max_tokens: 10,
          tools: [{ type: 'web_search_20250305', name: 'web_search' }],
          messages: [{ role: 'user', content: 'x' }],
        }),
        Anthropic.BadRequestError,
      );
      assert.equal(fx.fake.requests.length, before);
    });

    test('PII is redacted in what the OpenAI model receives and restored in the streamed answer', async () => {
      const prompt = 'Write to jane.doe@example.com today';
      const stream = guardedAnthropic.messages.stream({
        model: 'fake-gpt-chat',
        max_tokens: 100,
        messages: [{ role: 'user', content: prompt }],
      });
      let text = '';
      stream.on('text', (delta) => (text += delta));
      await stream.finalMessage();
      assert.equal(text, `You said: ${prompt}`);
      const upstream = fx.fake.requests.at(-1)?.body ?? '';
      assert.ok(!upstream.includes('jane.doe@example.com'));
      assert.match(upstream, /\[EMAIL_1\]/);
    });
  });
});
