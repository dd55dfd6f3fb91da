import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { GatewayError } from '../../gateway/http/wire-errors';
import {
  chatToMessagesRequest,
  DEFAULT_ANTHROPIC_MAX_TOKENS,
  messagesToChatRequest,
} from '../../gateway/translation/requests';
import {
  anthropicErrorBody,
  chatCompletionToMessage,
  messageToChatCompletion,
  openaiErrorBody,
} from '../../gateway/translation/responses';
import {
  AnthropicToOpenAIStream,
  OpenAIToAnthropicStream,
  readFrame,
  translateSse,
  type StreamTranslator,
} from '../../gateway/translation/streams';
import { lineFeeds } from '../../gateway/proxy/stream/relay';
import {
  AnthropicToResponsesStream,
  messageToResponse,
  responsesToMessagesRequest,
} from '../../gateway/translation/responses-api';

type Json = Record<string, unknown>;

/** Runs frames through a translator and returns what the caller receives, as parsed events. */
function run(
  translator: StreamTranslator,
  frames: Array<[string | null, unknown]>,
): Array<{ name: string | null; data: Json | string }> {
  let out = '';
  for (const [name, data] of frames)
    out += translator.event(name, typeof data === 'string' ? data : JSON.stringify(data));
  out += translator.end();
  return out
    .split('\n\n')
    .filter(Boolean)
    .map((frame) => {
      const read = readFrame(frame);
      assert.ok(read, `a frame with data: ${frame}`);
      return { name: read.name, data: read.data.startsWith('{') ? (JSON.parse(read.data) as Json) : read.data };
    });
}

const chunk = (delta: Json, finish: string | null = null, extra: Json = {}) =>
  [
    null,
    {
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'gpt-x',
      choices: [{ index: 0, delta, finish_reason: finish }],
      ...extra,
    },
  ] as [null, Json];

describe('OpenAI chat request → Anthropic messages', () => {
  test('system and developer messages become the system prompt, in order', () => {
    const out = chatToMessagesRequest({
      model: 'claude-x',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
        { role: 'user', content: 'Hi' },
      ],
    });
    assert.equal(out.system, 'Be brief.\n\nAnswer in French.');
    assert.deepEqual(out.messages, [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }]);
  });

  test('max_tokens defaults to what Anthropic requires when the caller sets none', () => {
    assert.equal(chatToMessagesRequest({ model: 'm', messages: [] }).max_tokens, DEFAULT_ANTHROPIC_MAX_TOKENS);
    assert.equal(chatToMessagesRequest({ model: 'm', messages: [], max_tokens: 50 }).max_tokens, 50);
    assert.equal(
      chatToMessagesRequest({ model: 'm', messages: [], max_completion_tokens: 70, max_tokens: 50 }).max_tokens,
      70,
    );
  });

  test('data-URL images become base64 image blocks and http URLs url blocks', () => {
    const out = chatToMessagesRequest({
      model: 'm',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          ],
        },
      ],
    });
    assert.deepEqual((out.messages as Json[])[0]?.content, [
      { type: 'text', text: 'What is this?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
    ]);
  });

  test('parallel tool calls and their results become tool_use blocks and one user turn of tool_result blocks', () => {
    const out = chatToMessagesRequest({
      model: 'm',
      messages: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_a', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_b', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_a', content: 'sunny' },
        { role: 'tool', tool_call_id: 'call_b', content: [{ type: 'text', text: 'rain' }] },
      ],
    });
    assert.deepEqual(out.messages, [
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'call_a', name: 'weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'call_b', name: 'weather', input: { city: 'Rome' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_a', content: 'sunny' },
          { type: 'tool_result', tool_use_id: 'call_b', content: 'rain' },
        ],
      },
    ]);
  });

  test('tool-call arguments that are not a JSON object are kept under "arguments"', () => {
    const out = chatToMessagesRequest({
      model: 'm',
      messages: [
        {
          role: 'assistant',
          tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: 'not json' } }],
        },
      ],
    });
    assert.deepEqual((out.messages as Json[])[0]?.content, [
      { type: 'tool_use', id: 'c', name: 'f', input: { arguments: 'not json' } },
    ]);
  });

  test('tools and each tool_choice map; parallel_tool_calls false disables parallel use', () => {
    const tools = [
      {
        type: 'function',
        function: {
          name: 'f',
          description: 'd',
          parameters: { type: 'object', properties: { a: { type: 'string' } } },
        },
      },
    ];
    const base = { model: 'm', messages: [], tools };
    assert.deepEqual(chatToMessagesRequest(base).tools, [
      { name: 'f', description: 'd', input_schema: { type: 'object', properties: { a: { type: 'string' } } } },
    ]);
    assert.deepEqual(chatToMessagesRequest({ ...base, tool_choice: 'required' }).tool_choice, { type: 'any' });
    assert.deepEqual(chatToMessagesRequest({ ...base, tool_choice: 'none' }).tool_choice, { type: 'none' });
    assert.deepEqual(
      chatToMessagesRequest({ ...base, tool_choice: { type: 'function', function: { name: 'f' } } }).tool_choice,
      {
        type: 'tool',
        name: 'f',
      },
    );
    assert.deepEqual(chatToMessagesRequest({ ...base, parallel_tool_calls: false }).tool_choice, {
      type: 'auto',
      disable_parallel_tool_use: true,
    });
  });

  test('stop, temperature above Anthropic range and user map', () => {
    const out = chatToMessagesRequest({ model: 'm', messages: [], stop: 'END', temperature: 1.5, user: 'u1' });
    assert.deepEqual(out.stop_sequences, ['END']);
    assert.equal(out.temperature, 1);
    assert.deepEqual(out.metadata, { user_id: 'u1' });
  });

  test('an empty user message becomes an empty turn, not a broken block', () => {
    const out = chatToMessagesRequest({ model: 'm', messages: [{ role: 'user', content: '' }] });
    assert.deepEqual(out.messages, [{ role: 'user', content: [] }]);
  });

  for (const [what, extra] of [
    ['n > 1', { n: 2 }],
    ['logprobs', { logprobs: true }],
    ['a JSON response_format', { response_format: { type: 'json_object' } }],
    [
      'audio input',
      { messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'x', format: 'wav' } }] }] },
    ],
  ] as const)
    test(`${what} is refused with a 400 naming it`, () => {
      assert.throws(
        () => chatToMessagesRequest({ model: 'm', messages: [], ...extra }),
        (error: unknown) =>
          error instanceof GatewayError && error.status === 400 && /Anthropic wire format/.test(error.message),
      );
    });
});

describe('Anthropic messages request → OpenAI chat', () => {
  test('system blocks become a system message first; max_tokens, stop sequences and user map', () => {
    const out = messagesToChatRequest({
      model: 'gpt-x',
      max_tokens: 64,
      system: [{ type: 'text', text: 'Be brief.' }],
      stop_sequences: ['END'],
      metadata: { user_id: 'u1' },
      messages: [{ role: 'user', content: 'Hi' }],
    });
    assert.deepEqual(out.messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ]);
    assert.equal(out.max_completion_tokens, 64);
    assert.deepEqual(out.stop, ['END']);
    assert.equal(out.user, 'u1');
  });

  test('a stream asks the upstream for usage', () => {
    const out = messagesToChatRequest({ model: 'm', max_tokens: 1, stream: true, messages: [] });
    assert.deepEqual(out.stream_options, { include_usage: true });
  });

  test('images become image_url parts (base64 as a data URL)', () => {
    const out = messagesToChatRequest({
      model: 'm',
      max_tokens: 1,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
            { type: 'text', text: 'Compare.' },
          ],
        },
      ],
    });
    assert.deepEqual((out.messages as Json[])[0], {
      role: 'user',
      content: [
        { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } },
        { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
        { type: 'text', text: 'Compare.' },
      ],
    });
  });

  test('tool_use blocks become tool calls; tool results come first as tool messages, an error marked', () => {
    const out = messagesToChatRequest({
      model: 'm',
      max_tokens: 1,
      messages: [
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'hmm', signature: 's' },
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'toolu_2', name: 'weather', input: { city: 'Rome' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'sunny' }] },
            { type: 'tool_result', tool_use_id: 'toolu_2', content: 'no such city', is_error: true },
            { type: 'text', text: 'And tomorrow?' },
          ],
        },
      ],
    });
    assert.deepEqual(out.messages, [
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          { id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
          { id: 'toolu_2', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'sunny' },
      { role: 'tool', tool_call_id: 'toolu_2', content: 'Error: no such city' },
      { role: 'user', content: 'And tomorrow?' },
    ]);
  });

  test('tool definitions and tool_choice map, disable_parallel_tool_use included', () => {
    const out = messagesToChatRequest({
      model: 'm',
      max_tokens: 1,
      messages: [],
      tools: [{ name: 'f', description: 'd', input_schema: { type: 'object', properties: {} } }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
    });
    assert.deepEqual(out.tools, [
      { type: 'function', function: { name: 'f', description: 'd', parameters: { type: 'object', properties: {} } } },
    ]);
    assert.equal(out.tool_choice, 'required');
    assert.equal(out.parallel_tool_calls, false);
  });

  test("a server tool (Anthropic's web search) is refused with a 400", () => {
    assert.throws(
      () =>
        messagesToChatRequest({
          model: 'm',
          max_tokens: 1,
          messages: [],
          tools: [{ type: 'web_search_20250305', name: 'web_search' }],
        }),
      (error: unknown) =>
        error instanceof GatewayError && error.status === 400 && /OpenAI wire format/.test(error.message),
    );
  });
});

describe('non-streamed answers', () => {
  test('an Anthropic message with text and tool_use becomes one choice with content and tool calls', () => {
    const out = messageToChatCompletion(
      {
        id: 'msg_1',
        model: 'claude-x',
        content: [
          { type: 'text', text: 'Let me check.' },
          { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Paris' } },
        ],
        stop_reason: 'tool_use',
        usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 4 },
      },
      123,
    );
    const choice = (out.choices as Json[])[0] as Json;
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.deepEqual(choice.message, {
      role: 'assistant',
      content: 'Let me check.',
      refusal: null,
      tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }],
    });
    assert.deepEqual(out.usage, {
      prompt_tokens: 14,
      completion_tokens: 5,
      total_tokens: 19,
      prompt_tokens_details: { cached_tokens: 4 },
    });
  });

  test('stop reasons map both ways', () => {
    const finish = (stop: string) =>
      ((messageToChatCompletion({ content: [], stop_reason: stop }, 0).choices as Json[])[0] as Json).finish_reason;
    assert.deepEqual(['end_turn', 'stop_sequence', 'max_tokens', 'tool_use', 'refusal'].map(finish), [
      'stop',
      'stop',
      'length',
      'tool_calls',
      'content_filter',
    ]);
    const stop = (reason: string) =>
      chatCompletionToMessage({ choices: [{ message: {}, finish_reason: reason }] }).stop_reason;
    assert.deepEqual(['stop', 'length', 'tool_calls', 'content_filter'].map(stop), [
      'end_turn',
      'max_tokens',
      'tool_use',
      'refusal',
    ]);
  });

  test('an OpenAI completion with no content and no tool calls becomes an empty content list', () => {
    const out = chatCompletionToMessage({
      id: 'c',
      model: 'gpt-x',
      choices: [{ message: { content: null }, finish_reason: 'stop' }],
    });
    assert.deepEqual(out.content, []);
    assert.deepEqual(out.usage, { input_tokens: 0, output_tokens: 0 });
  });

  test('OpenAI usage moves cached tokens out of input_tokens', () => {
    const out = chatCompletionToMessage({
      choices: [{ message: { content: 'x' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 100, completion_tokens: 7, prompt_tokens_details: { cached_tokens: 60 } },
    });
    assert.deepEqual(out.usage, {
      input_tokens: 40,
      output_tokens: 7,
      cache_read_input_tokens: 60,
      cache_creation_input_tokens: 0,
    });
  });

  test('errors change shape, keep their message, and take the type of their status', () => {
    assert.deepEqual(
      openaiErrorBody({ type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } }, 429),
      {
        error: { message: 'slow down', type: 'rate_limit_error', param: null, code: 'rate_limit_error' },
      },
    );
    assert.deepEqual(anthropicErrorBody({ error: { message: 'boom', type: 'server_error' } }, 500), {
      type: 'error',
      error: { type: 'api_error', message: 'boom' },
    });
    assert.deepEqual(anthropicErrorBody(undefined, 529), {
      type: 'error',
      error: { type: 'overloaded_error', message: 'The upstream provider answered 529' },
    });
  });
});

describe('Anthropic stream → OpenAI chunks', () => {
  const start = [
    'message_start',
    {
      type: 'message_start',
      message: { id: 'msg_1', model: 'claude-x', usage: { input_tokens: 12, output_tokens: 1 } },
    },
  ] as [string, Json];

  test('two tool_use blocks after a text block become tool calls 0 and 1, then finish_reason and usage', () => {
    const events = run(new AnthropicToOpenAIStream(1), [
      start,
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
      [
        'content_block_delta',
        { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Checking.' } },
      ],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
      [
        'content_block_start',
        { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 't1', name: 'a', input: {} } },
      ],
      [
        'content_block_delta',
        { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"x":' } },
      ],
      [
        'content_block_delta',
        { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '1}' } },
      ],
      ['content_block_stop', { type: 'content_block_stop', index: 1 }],
      [
        'content_block_start',
        { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 't2', name: 'b', input: {} } },
      ],
      [
        'content_block_delta',
        { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{}' } },
      ],
      ['content_block_stop', { type: 'content_block_stop', index: 2 }],
      ['message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 9 } }],
      ['message_stop', { type: 'message_stop' }],
    ]);
    const deltas = events.slice(0, -3).map((e) => ((e.data as Json).choices as Json[])[0]?.delta);
    assert.deepEqual(deltas, [
      { role: 'assistant', content: '' },
      { content: 'Checking.' },
      { tool_calls: [{ index: 0, id: 't1', type: 'function', function: { name: 'a', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"x":' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '1}' } }] },
      { tool_calls: [{ index: 1, id: 't2', type: 'function', function: { name: 'b', arguments: '' } }] },
      { tool_calls: [{ index: 1, function: { arguments: '{}' } }] },
    ]);
    const [finish, usage, done] = events.slice(-3);
    assert.equal(((finish?.data as Json).choices as Json[])[0]?.finish_reason, 'tool_calls');
    assert.deepEqual((usage?.data as Json).usage, {
      prompt_tokens: 12,
      completion_tokens: 9,
      total_tokens: 21,
      prompt_tokens_details: { cached_tokens: 0 },
    });
    assert.equal(done?.data, '[DONE]');
  });

  test('an error event becomes an OpenAI error chunk and nothing follows it', () => {
    const events = run(new AnthropicToOpenAIStream(1), [
      start,
      ['error', { type: 'error', error: { type: 'overloaded_error', message: 'busy' } }],
      ['message_stop', { type: 'message_stop' }],
    ]);
    assert.equal(events.length, 2);
    assert.deepEqual((events[1]?.data as Json).error, {
      message: 'busy',
      type: 'server_error',
      param: null,
      code: 'overloaded_error',
    });
  });

  test('pings and thinking deltas are not passed on', () => {
    const events = run(new AnthropicToOpenAIStream(1), [
      start,
      ['ping', { type: 'ping' }],
      [
        'content_block_start',
        { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } },
      ],
      [
        'content_block_delta',
        { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'secret' } },
      ],
      ['message_stop', { type: 'message_stop' }],
    ]);
    assert.ok(!JSON.stringify(events).includes('secret'));
  });
});

describe('OpenAI stream → Anthropic events', () => {
  const types = (events: Array<{ data: Json | string }>) => events.map((e) => (e.data as Json).type);

  test('interleaved parallel tool calls come out as consecutive blocks, the second held until the first is complete', () => {
    const events = run(new OpenAIToAnthropicStream(), [
      chunk({
        role: 'assistant',
        content: null,
        tool_calls: [{ index: 0, id: 'c0', type: 'function', function: { name: 'a', arguments: '' } }],
      }),
      chunk({ tool_calls: [{ index: 1, id: 'c1', type: 'function', function: { name: 'b', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"p":' } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: '{"q":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '1}' } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: '2}' } }] }),
      chunk({}, 'tool_calls'),
      chunk({}, null, { choices: [], usage: { prompt_tokens: 20, completion_tokens: 8 } }),
      [null, '[DONE]'],
    ]);
    assert.deepEqual(types(events), [
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const inputs = new Map<number, string>();
    for (const e of events) {
      const data = e.data as Json;
      const delta = data.delta as Json | undefined;
      if (data.type === 'content_block_delta')
        inputs.set(data.index as number, (inputs.get(data.index as number) ?? '') + String(delta?.partial_json));
    }
    assert.deepEqual(
      [...inputs],
      [
        [0, '{"p":1}'],
        [1, '{"q":2}'],
      ],
    );
    assert.deepEqual((events[5]?.data as Json).content_block, { type: 'tool_use', id: 'c1', name: 'b', input: {} });
    const delta = events[9]?.data as Json;
    assert.deepEqual(delta.delta, { stop_reason: 'tool_use', stop_sequence: null });
    assert.deepEqual(delta.usage, {
      input_tokens: 20,
      output_tokens: 8,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
    });
  });

  test('sequential tool calls stream live: the first closes as soon as the second begins', () => {
    const events = run(new OpenAIToAnthropicStream(), [
      chunk({ content: 'Sure.' }),
      chunk({ tool_calls: [{ index: 0, id: 'c0', type: 'function', function: { name: 'a', arguments: '{}' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'c1', type: 'function', function: { name: 'b', arguments: '{"z"' } }] }),
    ]).slice(0, -2);
    assert.deepEqual(
      events.map((e) => [(e.data as Json).type, (e.data as Json).index]),
      [
        ['message_start', undefined],
        ['content_block_start', 0],
        ['content_block_delta', 0],
        ['content_block_stop', 0],
        ['content_block_start', 1],
        ['content_block_delta', 1],
        ['content_block_stop', 1],
        ['content_block_start', 2],
        ['content_block_delta', 2],
        ['content_block_stop', 2],
      ],
    );
  });

  test('an empty answer is a message with no blocks, stopped with end_turn', () => {
    const events = run(new OpenAIToAnthropicStream(), [
      chunk({ role: 'assistant', content: '' }),
      chunk({}, 'stop'),
      [null, '[DONE]'],
    ]);
    assert.deepEqual(types(events), ['message_start', 'message_delta', 'message_stop']);
    assert.equal(((events[1]?.data as Json).delta as Json).stop_reason, 'end_turn');
  });

  test('an error chunk becomes an Anthropic error event', () => {
    const events = run(new OpenAIToAnthropicStream(), [
      chunk({ content: 'a' }),
      [null, { error: { message: 'boom', type: 'server_error' } }],
    ]);
    assert.deepEqual(events.at(-1), {
      name: 'error',
      data: { type: 'error', error: { type: 'api_error', message: 'boom' } },
    });
  });
});

describe('the SSE reader', () => {
  test('frames split across reads, CRLF line ends and a character split across reads arrive whole', async () => {
    const text =
      'data: {"id":"c","model":"m","choices":[{"index":0,"delta":{"content":"héllo"},"finish_reason":null}]}\r\n\r\ndata: [DONE]\r\n\r\n';
    const bytes = Buffer.from(text);
    const cut = bytes.indexOf(Buffer.from('é')) + 1;
    const reads = Readable.from([bytes.subarray(0, 10), bytes.subarray(10, cut), bytes.subarray(cut)]);
    let out = '';
    for await (const piece of translateSse(reads, new OpenAIToAnthropicStream())) out += piece.toString('utf8');
    assert.match(out, /"text":"héllo"/);
    assert.match(out, /event: message_stop/);
  });
});

describe("the relay's line ends", () => {
  test('\\r\\n and \\r become \\n; a \\r that ends the bytes waits for the next read', () => {
    const read = (text: string) => lineFeeds(Buffer.from(text)).toString('latin1');
    assert.equal(read('data: a\r\n\r\ndata: b\r\rdata: c\n\n'), 'data: a\n\ndata: b\n\ndata: c\n\n');
    assert.equal(read('data: a\r\n\r'), 'data: a\n\r');
    assert.equal(read('no line ends'), 'no line ends');
    assert.equal(read('\r'), '\r');
    assert.equal(read('é\r\nü'), Buffer.from('é\nü').toString('latin1'));
  });
});

describe('Responses API request → Anthropic messages', () => {
  test('function calls of one turn merge into one assistant turn, their outputs into one user turn of tool_result blocks', () => {
    const out = responsesToMessagesRequest({
      model: 'm',
      input: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Weather in Paris and Rome?' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.', annotations: [] }] },
        { type: 'function_call', id: 'fc_1', call_id: 'toolu_a', name: 'weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call', call_id: 'toolu_b', name: 'weather', arguments: 'Rome' },
        { type: 'function_call_output', call_id: 'toolu_a', output: 'sunny' },
        {
          type: 'function_call_output',
          call_id: 'toolu_b',
          output: [
            { type: 'input_text', text: 'rain' },
            { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=' },
          ],
        },
      ],
    });
    assert.deepEqual(out.messages, [
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'toolu_a', name: 'weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_b', name: 'weather', input: { arguments: 'Rome' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_a', content: 'sunny' },
          {
            type: 'tool_result',
            tool_use_id: 'toolu_b',
            content: [
              { type: 'text', text: 'rain' },
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            ],
          },
        ],
      },
    ]);
    assert.equal(out.max_tokens, DEFAULT_ANTHROPIC_MAX_TOKENS);
  });

  test('tool results come first in their user turn, even after a user message', () => {
    const out = responsesToMessagesRequest({
      model: 'm',
      input: [
        { type: 'function_call', call_id: 'toolu_a', name: 'f', arguments: '{}' },
        { role: 'user', content: 'And also this.' },
        { type: 'function_call_output', call_id: 'toolu_a', output: 'done' },
      ],
    });
    assert.deepEqual((out.messages as Json[])[1], {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_a', content: 'done' },
        { type: 'text', text: 'And also this.' },
      ],
    });
  });

  test('an inline PDF becomes a document block; the safety identifier becomes metadata.user_id; tuning fields are dropped', () => {
    const out = responsesToMessagesRequest({
      model: 'm',
      input: [
        {
          role: 'user',
          content: [{ type: 'input_file', filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' }],
        },
      ],
      safety_identifier: 'user-7',
      store: true,
      reasoning: { effort: 'low' },
      text: { format: { type: 'text' }, verbosity: 'low' },
      truncation: 'auto',
    });
    assert.deepEqual(out, {
      model: 'm',
      max_tokens: DEFAULT_ANTHROPIC_MAX_TOKENS,
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'document',
              source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' },
              title: 'a.pdf',
            },
          ],
        },
      ],
      metadata: { user_id: 'user-7' },
    });
  });

  test('tool_choice maps to Anthropic and is left out without tools', () => {
    const tools = [{ type: 'function', name: 'f', parameters: { type: 'object', properties: {} } }];
    const choice = (tool_choice: unknown) => responsesToMessagesRequest({ model: 'm', input: 'x', tools, tool_choice });
    assert.deepEqual(choice('auto').tool_choice, { type: 'auto' });
    assert.deepEqual(choice('none').tool_choice, { type: 'none' });
    assert.deepEqual(choice('required').tool_choice, { type: 'any' });
    assert.deepEqual(choice({ type: 'function', name: 'f' }).tool_choice, { type: 'tool', name: 'f' });
    assert.equal(responsesToMessagesRequest({ model: 'm', input: 'x', tool_choice: 'auto' }).tool_choice, undefined);
  });

  test('what needs OpenAI-side state, built-in tools or other input types is refused with an invalid_request error', () => {
    const refused: Array<[Json, RegExp]> = [
      [{ previous_response_id: 'resp_1' }, /previous_response_id/],
      [{ conversation: { id: 'conv_1' } }, /conversation/],
      [{ prompt: { id: 'pmpt_1' } }, /prompt/],
      [{ background: true }, /background/],
      [{ tools: [{ type: 'mcp', server_label: 's' }] }, /tool of type "mcp"/],
      [{ tools: [{ type: 'custom', name: 'c' }] }, /tool of type "custom"/],
      [{ text: { format: { type: 'json_object' } } }, /text\.format "json_object"/],
      [{ top_logprobs: 3 }, /top_logprobs/],
      [{ max_tool_calls: 2 }, /max_tool_calls/],
      [{ input: [{ type: 'computer_call_output', call_id: 'c' }] }, /input item of type "computer_call_output"/],
      [{ input: [{ role: 'user', content: [{ type: 'input_audio' }] }] }, /content part of type "input_audio"/],
      [{ input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'ftp://x/y.png' }] }] }, /input_image/],
      [{ input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'file_1' }] }] }, /input_file/],
    ];
    for (const [fields, message] of refused)
      assert.throws(
        () => responsesToMessagesRequest({ model: 'm', input: 'x', ...fields }),
        (error: unknown) =>
          error instanceof GatewayError && error.kind === 'invalid_request' && message.test(error.message),
        JSON.stringify(fields),
      );
  });
});

describe('Anthropic answers → Responses API', () => {
  test('text and tool_use blocks become message and function_call items; thinking is left out; cache reads count as input', () => {
    const response = messageToResponse(
      {
        id: 'msg_1',
        type: 'message',
        model: 'claude-x',
        content: [
          { type: 'thinking', thinking: 'hmm', signature: 's' },
          { type: 'text', text: 'Let me look.' },
          { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'x' } },
        ],
        stop_reason: 'tool_use',
        usage: { input_tokens: 10, cache_read_input_tokens: 30, cache_creation_input_tokens: 5, output_tokens: 7 },
      },
      1700000000,
    );
    assert.equal(response.status, 'completed');
    assert.equal(response.created_at, 1700000000);
    const output = response.output as Json[];
    assert.deepEqual(
      output.map((item) => [item.type, item.status]),
      [
        ['message', 'completed'],
        ['function_call', 'completed'],
      ],
    );
    assert.deepEqual((output[0]?.content as Json[])[0], {
      type: 'output_text',
      text: 'Let me look.',
      annotations: [],
      logprobs: [],
    });
    assert.equal(output[1]?.call_id, 'toolu_1');
    assert.equal(output[1]?.arguments, '{"q":"x"}');
    assert.match(String(output[1]?.id), /^fc_/);
    assert.deepEqual(response.usage, {
      input_tokens: 45,
      input_tokens_details: { cached_tokens: 30 },
      output_tokens: 7,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 52,
    });
  });

  test('a refusal is an incomplete response with reason content_filter', () => {
    const response = messageToResponse(
      { model: 'm', content: [{ type: 'text', text: 'No.' }], stop_reason: 'refusal', usage: {} },
      1,
    );
    assert.equal(response.status, 'incomplete');
    assert.deepEqual(response.incomplete_details, { reason: 'content_filter' });
    assert.equal((response.output as Json[])[0]?.status, 'incomplete');
  });
});

describe('Anthropic stream → Responses API events', () => {
  const start = [
    'message_start',
    {
      type: 'message_start',
      message: { id: 'msg_1', model: 'claude-x', usage: { input_tokens: 12, output_tokens: 1 } },
    },
  ] as [string, Json];

  test('a thinking block takes no output index; a tool without input gets "{}" as its arguments', () => {
    const events = run(new AnthropicToResponsesStream(1), [
      start,
      ['content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '' } }],
      ['content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: 'hmm' } }],
      ['content_block_stop', { index: 0 }],
      ['content_block_start', { index: 1, content_block: { type: 'text', text: '' } }],
      ['content_block_delta', { index: 1, delta: { type: 'text_delta', text: 'Hi' } }],
      ['content_block_stop', { index: 1 }],
      ['content_block_start', { index: 2, content_block: { type: 'tool_use', id: 'toolu_1', name: 'now', input: {} } }],
      ['content_block_delta', { index: 2, delta: { type: 'input_json_delta', partial_json: '' } }],
      ['content_block_stop', { index: 2 }],
      ['message_delta', { delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 9 } }],
      ['message_stop', {}],
    ]);
    const data = events.map((e) => e.data as Json);
    assert.ok(events.every((e) => e.name === (e.data as Json).type));
    assert.deepEqual(
      data.map((d) => [d.type, d.output_index ?? null]),
      [
        ['response.created', null],
        ['response.in_progress', null],
        ['response.output_item.added', 0],
        ['response.content_part.added', 0],
        ['response.output_text.delta', 0],
        ['response.output_text.done', 0],
        ['response.content_part.done', 0],
        ['response.output_item.done', 0],
        ['response.output_item.added', 1],
        ['response.function_call_arguments.delta', 1],
        ['response.function_call_arguments.done', 1],
        ['response.output_item.done', 1],
        ['response.completed', null],
      ],
    );
    assert.equal(data[9]?.delta, '{}');
    assert.equal(data[10]?.arguments, '{}');
    const completed = data.at(-1)?.response as Json;
    assert.equal(completed.status, 'completed');
    assert.deepEqual(
      (completed.output as Json[]).map((item) => [item.type, item.call_id ?? null, item.arguments ?? null]),
      [
        ['message', null, null],
        ['function_call', 'toolu_1', '{}'],
      ],
    );
    assert.deepEqual(completed.usage, {
      input_tokens: 12,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 9,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 21,
    });
  });

  test('a text delta is laid out as OpenAI writes it, so the frame handler reads it without parsing', () => {
    const translator = new AnthropicToResponsesStream(1);
    translator.event('message_start', JSON.stringify(start[1]));
    translator.event('content_block_start', JSON.stringify({ index: 0, content_block: { type: 'text', text: '' } }));
    const frame = translator.event(
      'content_block_delta',
      JSON.stringify({ index: 0, delta: { type: 'text_delta', text: 'Hi' } }),
    );
    assert.match(
      frame,
      /^event: response\.output_text\.delta\ndata: \{"type":"response\.output_text\.delta","sequence_number":\d+,"item_id":"msg_[0-9a-f]+","output_index":0,"content_index":0,"delta":"Hi","logprobs":\[\]\}\n\n$/,
    );
  });

  test('a stream that ends without message_stop closes its open item and still completes', () => {
    const events = run(new AnthropicToResponsesStream(1), [
      start,
      ['content_block_start', { index: 0, content_block: { type: 'text', text: '' } }],
      ['content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Partial' } }],
      ['message_delta', { delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 3 } }],
    ]);
    const data = events.map((e) => e.data as Json);
    assert.deepEqual(
      data.slice(-4).map((d) => d.type),
      ['response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.incomplete'],
    );
    assert.equal((data.at(-2)?.item as Json).status, 'incomplete');
    assert.deepEqual((data.at(-1)?.response as Json).incomplete_details, { reason: 'max_output_tokens' });
  });

  test('an error event becomes the Responses error event, and nothing follows it', () => {
    const events = run(new AnthropicToResponsesStream(1), [
      start,
      ['error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }],
      ['message_stop', {}],
    ]);
    const last = events.at(-1);
    assert.equal(last?.name, 'error');
    assert.deepEqual(
      { ...(last?.data as Json), sequence_number: 0 },
      {
        type: 'error',
        sequence_number: 0,
        code: 'overloaded_error',
        message: 'Overloaded',
        param: null,
        error: { message: 'Overloaded', type: 'server_error', param: null, code: 'overloaded_error' },
      },
    );
  });
});
