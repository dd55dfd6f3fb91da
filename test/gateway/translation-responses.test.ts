import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { open, unwrapDataKey } from '../../platform/crypto/envelope';
import { fullLogAssociatedData } from '../../platform/full-logs/full-log-envelope';
import {
  createAccountWithKey,
  eventually,
  lastRequestRow,
  lastUpstreamRequest,
  startGatewayFixture,
  type GatewayFixture,
  type TestAccount,
} from './support/gateway-fixture';

/*
 * The fake upstream serves `fake-claude-…` in the Anthropic Messages format
 * only, so the official openai client's Responses API reaches it through the
 * gateway's translation.
 */

type Json = Record<string, unknown>;

interface LogRow {
  endpoint: string;
  status: number;
  streamed: boolean;
  prompt_tokens: number;
  completion_tokens: number;
  tokens_estimated: boolean;
  matched_rule_ids: string[];
}

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const TOOLS: OpenAI.Responses.FunctionTool[] = [
  {
    type: 'function',
    name: 'weather',
    description: 'The weather in a city',
    strict: false,
    parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  },
  { type: 'function', name: 'time', strict: false, parameters: { type: 'object', properties: {} } },
];

describe('the Responses API for a model served in the Anthropic format, through the official openai client', () => {
  let fx: GatewayFixture;
  let plain: TestAccount;
  let guarded: TestAccount;
  let logged: TestAccount;
  let client: OpenAI;
  let guardedClient: OpenAI;

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
    logged = await createAccountWithKey(fx.database.db, fx.config, {
      plan: 'growth',
      fullLogging: true,
      rules: [{ id: 'redact-pii', type: 'pii', entities: ['EMAIL'], action: 'redact' }],
    });
    client = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: plain.apiKey, maxRetries: 0 });
    guardedClient = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: guarded.apiKey, maxRetries: 0 });
  });

  after(async () => {
    await fx.close();
  });

  const lastUpstream = () => lastUpstreamRequest(fx);
  const lastRow = (account: TestAccount, model: string) => lastRequestRow<LogRow>(fx, account, model);

  test('a response with instructions and a developer message: output text, status, usage; the upstream got a Messages request', async () => {
    const response = await client.responses.create({
      model: 'fake-claude-resp-plain',
      instructions: 'Answer briefly.',
      input: [
        { role: 'developer', content: 'Answer in English.' },
        { role: 'user', content: [{ type: 'input_text', text: 'Hello there' }] },
      ],
      temperature: 1.5,
      top_p: 0.9,
    });
    assert.equal(response.object, 'response');
    assert.match(response.id, /^resp_[0-9a-f]{32}$/);
    assert.equal(response.status, 'completed');
    assert.equal(response.incomplete_details, null);
    assert.equal(response.output_text, 'You said: Hello there');
    const item = response.output[0];
    assert.equal(item?.type, 'message');
    assert.match(item.id, /^msg_[0-9a-f]{32}$/);
    assert.ok(response.usage && response.usage.input_tokens > 0 && response.usage.output_tokens > 0);
    assert.equal(response.usage.total_tokens, response.usage.input_tokens + response.usage.output_tokens);
    assert.equal(response.usage.input_tokens_details.cached_tokens, 0);
    // The Response repeats the caller's settings, as OpenAI's does; nothing is stored.
    assert.equal(response.instructions, 'Answer briefly.');
    assert.equal(response.temperature, 1.5);
    assert.equal(response.top_p, 0.9);
    assert.equal(response.max_output_tokens, null);
    assert.deepEqual(response.tools, []);
    assert.equal((response as unknown as Json).store, false);

    const upstream = lastUpstream();
    assert.equal(upstream.path, '/v1/messages');
    assert.equal(upstream.body.system, 'Answer briefly.\n\nAnswer in English.');
    assert.equal(upstream.body.max_tokens, 4096);
    assert.equal(upstream.body.temperature, 1);
    assert.equal(upstream.body.top_p, 0.9);
    assert.deepEqual(upstream.body.messages, [{ role: 'user', content: [{ type: 'text', text: 'Hello there' }] }]);

    const row = await lastRow(plain, 'fake-claude-resp-plain');
    assert.equal(row.endpoint, '/v1/responses');
    assert.equal(row.status, 200);
    assert.equal(row.tokens_estimated, false);
    assert.equal(row.prompt_tokens, response.usage.input_tokens);
    assert.equal(row.completion_tokens, response.usage.output_tokens);
  });

  test('a string input with max_output_tokens reaches the model as one user turn with that max_tokens', async () => {
    const response = await client.responses.create({
      model: 'fake-claude-resp-string',
      input: 'Just a string',
      max_output_tokens: 77,
    });
    assert.equal(response.output_text, 'You said: Just a string');
    const upstream = lastUpstream().body;
    assert.equal(upstream.max_tokens, 77);
    assert.equal(upstream.system, undefined);
    assert.deepEqual(upstream.messages, [{ role: 'user', content: [{ type: 'text', text: 'Just a string' }] }]);
  });

  test('a streamed response arrives as typed events in OpenAI order, with usage recorded from response.completed', async () => {
    const stream = await client.responses.create({
      model: 'fake-claude-resp-stream',
      input: 'Stream this please',
      stream: true,
    });
    const types: string[] = [];
    const sequence: number[] = [];
    let deltas = '';
    let doneText: string | undefined;
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      types.push(event.type);
      sequence.push(event.sequence_number);
      if (event.type === 'response.output_text.delta') deltas += event.delta;
      if (event.type === 'response.output_text.done') doneText = event.text;
      if (event.type === 'response.completed') completed = event.response;
    }
    assert.deepEqual(
      types.filter((t, i) => t !== types[i - 1]),
      [
        'response.created',
        'response.in_progress',
        'response.output_item.added',
        'response.content_part.added',
        'response.output_text.delta',
        'response.output_text.done',
        'response.content_part.done',
        'response.output_item.done',
        'response.completed',
      ],
    );
    assert.deepEqual(
      sequence,
      sequence.map((_, i) => i),
    );
    assert.equal(deltas, 'You said: Stream this please');
    assert.equal(doneText, deltas);
    assert.ok(completed?.usage && completed.usage.input_tokens > 0 && completed.usage.output_tokens > 0);
    assert.equal(completed.status, 'completed');
    const message = completed.output[0];
    assert.ok(message?.type === 'message' && message.content[0]?.type === 'output_text');
    assert.equal(message.content[0].text, deltas);

    assert.equal(lastUpstream().body.stream, true);
    const row = await lastRow(plain, 'fake-claude-resp-stream');
    assert.equal(row.streamed, true);
    assert.equal(row.tokens_estimated, false);
    assert.equal(row.prompt_tokens, completed.usage.input_tokens);
    assert.equal(row.completion_tokens, completed.usage.output_tokens);
  });

  test('a function tool call round trip: function_call out, function_call_output back, an answer from the result', async () => {
    const first = await client.responses.create({
      model: 'fake-claude-tools',
      input: 'Paris',
      tools: TOOLS,
      tool_choice: { type: 'function', name: 'weather' },
    });
    assert.equal(first.status, 'completed');
    const call = first.output.find((item) => item.type === 'function_call');
    assert.ok(call?.type === 'function_call');
    assert.match(call.id ?? '', /^fc_[0-9a-f]{32}$/);
    assert.equal(call.call_id, 'toolu_fake_0');
    assert.equal(call.name, 'weather');
    assert.deepEqual(JSON.parse(call.arguments), { text: 'You said: Paris' });
    assert.deepEqual(first.tools, TOOLS);
    assert.deepEqual(first.tool_choice, { type: 'function', name: 'weather' });
    const sent = lastUpstream().body;
    assert.deepEqual(sent.tool_choice, { type: 'tool', name: 'weather' });
    assert.deepEqual(sent.tools, [
      {
        name: 'weather',
        description: 'The weather in a city',
        input_schema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
      },
      { name: 'time', input_schema: { type: 'object', properties: {} } },
    ]);

    const second = await client.responses.create({
      model: 'fake-claude-tools',
      tools: TOOLS,
      input: [
        { role: 'user', content: 'Paris' },
        { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments },
        { type: 'function_call_output', call_id: call.call_id, output: 'sunny' },
      ],
    });
    assert.equal(second.output_text, 'Tool said: sunny');
    assert.deepEqual(lastUpstream().body.messages, [
      { role: 'user', content: [{ type: 'text', text: 'Paris' }] },
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: 'toolu_fake_0', name: 'weather', input: { text: 'You said: Paris' } }],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_fake_0', content: 'sunny' }] },
    ]);
  });

  test('responses.stream().finalResponse() assembles streamed parallel function calls after the text', async () => {
    const stream = client.responses.stream({
      model: 'fake-claude-parallel-tools',
      input: 'Paris',
      tools: TOOLS,
      tool_choice: 'required',
      parallel_tool_calls: false,
    });
    const argumentsDone: string[] = [];
    stream.on('response.function_call_arguments.done', (event) => argumentsDone.push(event.arguments));
    const final = await stream.finalResponse();
    assert.equal(final.status, 'completed');
    assert.equal(final.parallel_tool_calls, false);
    assert.equal(final.output_text, 'Let me check.');
    assert.deepEqual(
      final.output.map((item) =>
        item.type === 'function_call' ? [item.type, item.call_id, item.name, item.arguments] : [item.type],
      ),
      [
        ['message'],
        ['function_call', 'toolu_fake_0', 'weather', JSON.stringify({ text: 'You said: Paris', call: 0 })],
        ['function_call', 'toolu_fake_1', 'time', JSON.stringify({ text: 'You said: Paris', call: 1 })],
      ],
    );
    assert.deepEqual(argumentsDone, [
      JSON.stringify({ text: 'You said: Paris', call: 0 }),
      JSON.stringify({ text: 'You said: Paris', call: 1 }),
    ]);
    assert.deepEqual(lastUpstream().body.tool_choice, { type: 'any', disable_parallel_tool_use: true });
  });

  test('an answer cut by max_tokens is incomplete with reason max_output_tokens, plain and streamed', async () => {
    const plainAnswer = await client.responses.create({
      model: 'fake-claude-length',
      input: 'a long answer please',
      max_output_tokens: 16,
    });
    assert.equal(plainAnswer.status, 'incomplete');
    assert.deepEqual(plainAnswer.incomplete_details, { reason: 'max_output_tokens' });
    assert.equal(lastUpstream().body.max_tokens, 16);

    const stream = await client.responses.create({
      model: 'fake-claude-length',
      input: 'a long answer please',
      max_output_tokens: 16,
      stream: true,
    });
    let last: OpenAI.Responses.ResponseStreamEvent | undefined;
    for await (const event of stream) last = event;
    assert.equal(last?.type, 'response.incomplete');
    assert.equal(last.response.status, 'incomplete');
    assert.deepEqual(last.response.incomplete_details, { reason: 'max_output_tokens' });
  });

  test('input_image parts reach the model as image blocks (data URL → base64, https → url)', async () => {
    await client.responses.create({
      model: 'fake-claude-resp-image',
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'What are these?' },
            { type: 'input_image', detail: 'auto', image_url: `data:image/png;base64,${PNG}` },
            { type: 'input_image', detail: 'auto', image_url: 'https://example.com/cat.png' },
          ],
        },
      ],
    });
    assert.deepEqual((lastUpstream().body.messages as Json[])[0]?.content, [
      { type: 'text', text: 'What are these?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } },
    ]);
  });

  test('upstream errors raise the openai client error classes with the provider message', async () => {
    await assert.rejects(
      client.responses.create({ model: 'fake-claude-fail-429', input: 'x' }),
      (error: unknown) => error instanceof OpenAI.RateLimitError && /fake upstream failure 429/.test(error.message),
    );
    await assert.rejects(
      client.responses.create({ model: 'fake-claude-fail-500', input: 'x', stream: true }),
      OpenAI.InternalServerError,
    );
  });

  test('an error event in the middle of a translated stream is raised by the openai client', async () => {
    const stream = await client.responses.create({ model: 'fake-claude-stream-error', input: 'x', stream: true });
    await assert.rejects(
      async () => {
        for await (const _event of stream) {
          // consume
        }
      },
      (error: unknown) => error instanceof OpenAI.APIError && /overloaded mid-stream/.test(error.message),
    );
  });

  test('an e-mail in the input never reaches the Anthropic model and is restored in the answer, plain and streamed', async () => {
    const prompt = 'Write to jane.doe@example.com today';
    const response = await guardedClient.responses.create({
      model: 'fake-claude-resp-pii',
      instructions: 'Be brief.',
      input: prompt,
    });
    assert.equal(response.output_text, `You said: ${prompt}`);
    const sent = fx.fake.requests.at(-1)?.body ?? '';
    assert.ok(!sent.includes('jane.doe@example.com'));
    assert.match(sent, /\[EMAIL_1\]/);

    const stream = guardedClient.responses.stream({ model: 'fake-claude-resp-pii', input: prompt });
    let deltas = '';
    stream.on('response.output_text.delta', (event) => (deltas += event.delta));
    const final = await stream.finalResponse();
    assert.equal(deltas, `You said: ${prompt}`);
    assert.equal(final.output_text, deltas);
    assert.ok(!(fx.fake.requests.at(-1)?.body ?? '').includes('jane.doe@example.com'));
  });

  test('an output rule stops a translated stream with an error the openai client raises', async () => {
    const stream = await guardedClient.responses.create({
      model: 'fake-claude-resp-rule',
      input: 'the launch code 1234 is here',
      stream: true,
    });
    let text = '';
    await assert.rejects(
      async () => {
        for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
      },
      (error: unknown) => error instanceof OpenAI.APIError && /no-launch-codes/.test(error.message),
    );
    assert.ok(!text.includes('1234'));
    const row = await lastRow(guarded, 'fake-claude-resp-rule');
    assert.ok(row.matched_rule_ids.includes('no-launch-codes'));
  });

  test('full logging stores the redacted prompt and the translated streamed completion, encrypted', async () => {
    const loggedClient = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: logged.apiKey, maxRetries: 0 });
    const final = await loggedClient.responses
      .stream({ model: 'fake-claude-resp-log', instructions: 'Be kind', input: 'hi jane.doe@example.com' })
      .finalResponse();
    assert.equal(final.output_text, 'You said: hi [EMAIL_1]');
    await fx.gateway.app.writer.flush();
    const row = await eventually(() =>
      fx.database
        .db('gateway_full_logs')
        .where({ account_id: logged.accountId })
        .first<{ request_id: string; account_id: string; nonce: Buffer; auth_tag: Buffer; ciphertext: Buffer }>(),
    );
    const account = await fx.database
      .db('accounts')
      .where({ id: logged.accountId })
      .first<{ data_key_wrapped: Buffer }>('data_key_wrapped');
    const dataKey = unwrapDataKey(fx.config.keys.master, logged.accountId, account.data_key_wrapped);
    const entry = JSON.parse(
      open(
        dataKey,
        { nonce: row.nonce, authTag: row.auth_tag, ciphertext: row.ciphertext },
        fullLogAssociatedData(row.account_id, row.request_id),
      ).toString('utf8'),
    ) as { prompt: string[]; completion: string };
    assert.deepEqual(entry.prompt, ['Be kind', 'hi [EMAIL_1]']);
    assert.equal(entry.completion, 'You said: hi [EMAIL_1]');
  });

  describe('what the Anthropic format cannot express is refused with a 400 before anything goes upstream', () => {
    const refused: Array<[string, Json, RegExp]> = [
      ['the web_search tool', { tools: [{ type: 'web_search' }] }, /tool of type "web_search"/],
      [
        'the file_search tool',
        { tools: [{ type: 'file_search', vector_store_ids: ['vs_1'] }] },
        /tool of type "file_search"/,
      ],
      [
        'the code_interpreter tool',
        { tools: [{ type: 'code_interpreter', container: { type: 'auto' } }] },
        /tool of type "code_interpreter"/,
      ],
      ['previous_response_id', { previous_response_id: 'resp_123' }, /previous_response_id/],
      ['a conversation', { conversation: 'conv_123' }, /conversation/],
      ['background mode', { background: true }, /background/],
      [
        'a reasoning input item',
        { input: [{ type: 'reasoning', id: 'rs_1', summary: [] }] },
        /input item of type "reasoning"/,
      ],
      [
        'an item reference',
        { input: [{ type: 'item_reference', id: 'msg_1' }] },
        /input item of type "item_reference"/,
      ],
      [
        'a json_schema text format',
        { text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' } } } },
        /text\.format "json_schema"/,
      ],
      [
        'a built-in tool_choice',
        { tools: TOOLS, tool_choice: { type: 'web_search_preview' } },
        /tool_choice of type "web_search_preview"/,
      ],
      [
        'an input_image given by file_id',
        { input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file_1', detail: 'auto' }] }] },
        /file_id/,
      ],
    ];
    for (const [what, fields, message] of refused)
      test(`${what}: BadRequestError naming it`, async () => {
        const before = fx.fake.requests.length;
        await assert.rejects(
          client.responses.create({
            model: 'fake-claude-resp-refused',
            input: 'x',
            ...fields,
          } as OpenAI.Responses.ResponseCreateParamsNonStreaming),
          (error: unknown) =>
            error instanceof OpenAI.BadRequestError &&
            error.status === 400 &&
            error.type === 'invalid_request_error' &&
            message.test(error.message) &&
            /Anthropic wire format/.test(error.message),
        );
        assert.equal(fx.fake.requests.length, before);
      });

    test('a streamed request is refused the same way, before any event', async () => {
      const before = fx.fake.requests.length;
      await assert.rejects(
        client.responses.create({
          model: 'fake-claude-resp-refused',
          input: 'x',
          stream: true,
          tools: [{ type: 'web_search' }],
        }),
        OpenAI.BadRequestError,
      );
      assert.equal(fx.fake.requests.length, before);
    });
  });
});
