import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  createAccountWithKey,
  startGatewayFixture,
  type GatewayFixture,
  type TestAccount,
} from './support/gateway-fixture';
import { assertNoRawPii, PII, REDACT_EVERY_PII_TYPE } from './support/pii-values';

type Json = Record<string, unknown>;

/** OpenAI chat with tool calls, tool results, tool definitions, a named user, image and prediction parts. */
function chatWithTools(stream: boolean): Json {
  return {
    model: 'fake-chat',
    stream,
    user: PII.email,
    messages: [
      { role: 'system', content: `Support agent. Escalations go to ${PII.email}.` },
      {
        role: 'user',
        name: 'jane',
        content: [
          { type: 'text', text: `My card ${PII.card} was charged twice` },
          { type: 'image_url', image_url: { url: `https://example.com/receipt?from=${PII.ip}` } },
        ],
      },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: {
              name: 'lookup_customer',
              arguments: JSON.stringify({ email: PII.email, card: PII.card, contact: { phones: [PII.phone] } }),
            },
          },
          {
            id: 'call_2',
            type: 'function',
            function: { name: 'refund', arguments: JSON.stringify({ iban: PII.iban, note: `ssn ${PII.ssn}` }) },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: `Found: phone ${PII.phone}, last login from ${PII.ip}` },
      {
        role: 'tool',
        tool_call_id: 'call_2',
        content: [{ type: 'text', text: `Refund to ${PII.iban}, key ${PII.secret}` }],
      },
      { role: 'user', content: 'Thanks' },
    ],
    tools: [
      {
        type: 'function',
        function: {
          name: 'lookup_customer',
          description: `Looks a customer up; the default contact is ${PII.email}`,
          parameters: {
            type: 'object',
            properties: {
              email: { type: 'string', description: `an address such as ${PII.email}` },
              card: { type: 'string', examples: [PII.card] },
              ssn: { anyOf: [{ type: 'string', description: `like ${PII.ssn}` }, { type: 'null' }] },
            },
            required: ['email'],
          },
        },
      },
    ],
    prediction: { type: 'content', content: `Refund to ${PII.iban} approved` },
  };
}

/** Anthropic with system blocks, tool_use input, tool_result content, a text document and tool definitions. */
function anthropicWithTools(stream: boolean): Json {
  return {
    model: 'fake-chat',
    max_tokens: 200,
    stream,
    system: [{ type: 'text', text: `Escalate to ${PII.email}` }],
    tools: [
      {
        name: 'lookup',
        description: `Find a customer by a phone like ${PII.phone}`,
        input_schema: { type: 'object', properties: { phone: { type: 'string', description: `e.g. ${PII.phone}` } } },
      },
    ],
    messages: [
      { role: 'user', content: `My card is ${PII.card}` },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Looking that up' },
          {
            type: 'tool_use',
            id: 'toolu_1',
            name: 'lookup',
            input: { email: PII.email, ibans: [PII.iban], meta: { ssn: PII.ssn } },
          },
        ],
      },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'toolu_1',
            content: [{ type: 'text', text: `ip ${PII.ip}, key ${PII.secret}` }],
          },
          { type: 'document', source: { type: 'text', media_type: 'text/plain', data: `Contact ${PII.phone}` } },
          { type: 'text', text: 'go on' },
        ],
      },
    ],
  };
}

/** Responses API with instructions, messages, a function call and its output, and a function tool. */
function responsesWithTools(stream: boolean): Json {
  return {
    model: 'fake-chat',
    stream,
    instructions: `Escalate to ${PII.email}`,
    input: [
      { role: 'user', content: [{ type: 'input_text', text: `card ${PII.card}, phone ${PII.phone}` }] },
      {
        type: 'function_call',
        call_id: 'call_1',
        name: 'lookup',
        arguments: JSON.stringify({ iban: PII.iban, ssn: PII.ssn }),
      },
      { type: 'function_call_output', call_id: 'call_1', output: `found ${PII.ip} with key ${PII.secret}` },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: `I mailed ${PII.email}` }] },
      { role: 'user', content: 'thanks' },
    ],
    tools: [
      {
        type: 'function',
        name: 'lookup',
        description: `Looks up by ${PII.email}`,
        parameters: { type: 'object', properties: { iban: { type: 'string', description: `like ${PII.iban}` } } },
      },
    ],
  };
}

describe('redaction covers every string a provider receives', () => {
  let fx: GatewayFixture;
  let account: TestAccount;

  before(async () => {
    fx = await startGatewayFixture();
    account = await createAccountWithKey(fx.database.db, fx.config, { rules: [REDACT_EVERY_PII_TYPE] });
  });

  after(async () => {
    await fx.close();
  });

  /** Sends `body` to `path` and returns what the provider received, parsed (the response is read to its end). */
  async function forwarded(path: string, body: Json): Promise<{ raw: string; json: Json }> {
    const response = await fetch(`${fx.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${account.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = await response.text();
    assert.equal(response.status, 200, answer);
    const raw = fx.fake.requests.at(-1)?.body ?? '';
    return { raw, json: JSON.parse(raw) as Json };
  }

  for (const stream of [false, true]) {
    const mode = stream ? 'streamed' : 'plain';

    test(`OpenAI chat with tool calls, tool results and tool definitions (${mode})`, async () => {
      const { raw, json } = await forwarded('/v1/chat/completions', chatWithTools(stream));
      assertNoRawPii(raw);
      const messages = json.messages as Array<{
        tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
      }>;
      const calls = messages[2]?.tool_calls ?? [];
      assert.deepEqual(
        calls.map((c) => [c.id, c.function.name]),
        [
          ['call_1', 'lookup_customer'],
          ['call_2', 'refund'],
        ],
      );
      assert.deepEqual(JSON.parse(calls[0]?.function.arguments ?? ''), {
        email: '[EMAIL_1]',
        card: '[CARD_1]',
        contact: { phones: ['[PHONE_1]'] },
      });
      assert.deepEqual(JSON.parse(calls[1]?.function.arguments ?? ''), { iban: '[IBAN_1]', note: 'ssn [SSN_1]' });
      const tool = (json.tools as Array<{ function: { name: string; parameters: Json } }>)[0];
      assert.equal(tool?.function.name, 'lookup_customer');
      assert.deepEqual(tool?.function.parameters.required, ['email'], 'the schema keeps its structure');
    });

    test(`Anthropic with tool_use, tool_result, a document and tool definitions (${mode})`, async () => {
      const { raw, json } = await forwarded('/v1/messages', anthropicWithTools(stream));
      assertNoRawPii(raw);
      const toolUse = (json.messages as Array<{ content: unknown }>)[1]?.content as Array<Json>;
      assert.deepEqual(toolUse[1], {
        type: 'tool_use',
        id: 'toolu_1',
        name: 'lookup',
        input: { email: '[EMAIL_1]', ibans: ['[IBAN_1]'], meta: { ssn: '[SSN_1]' } },
      });
    });

    test(`the Responses API with a function call and its output (${mode})`, async () => {
      const { raw, json } = await forwarded('/v1/responses', responsesWithTools(stream));
      assertNoRawPii(raw);
      const call = (json.input as Json[])[1];
      assert.equal(call?.call_id, 'call_1');
      assert.deepEqual(JSON.parse(String(call?.arguments)), { iban: '[IBAN_1]', ssn: '[SSN_1]' });
    });
  }

  /** A card written as a JSON number past 2^53 (a parse would round it) and an e-mail address as an object key. */
  const CARD_NUMBER_19 = '4111111111111111110';
  const ARGUMENTS = `{"card": ${CARD_NUMBER_19}, "${PII.email}": "primary", "amount": 12.5, "items": [4111111111111111, 7]}`;
  const REDACTED_ARGUMENTS = '{"card": "[CARD_1]", "[EMAIL_1]": "primary", "amount": 12.5, "items": ["[CARD_2]", 7]}';

  for (const stream of [false, true]) {
    test(`keys and numbers inside chat tool-call arguments are read; the rest keeps its bytes (${stream ? 'streamed' : 'plain'})`, async () => {
      const { raw, json } = await forwarded('/v1/chat/completions', {
        model: 'fake-chat',
        stream,
        messages: [
          {
            role: 'assistant',
            tool_calls: [{ id: 'c', type: 'function', function: { name: 'pay', arguments: ARGUMENTS } }],
          },
          { role: 'user', content: 'next' },
        ],
      });
      assert.ok(!raw.includes('4111111111111111') && !raw.includes(PII.email), raw);
      const call = (json.messages as Array<{ tool_calls: Array<{ function: { arguments: string } }> }>)[0];
      assert.equal(call?.tool_calls[0]?.function.arguments, REDACTED_ARGUMENTS);
    });
  }

  test('keys and numbers inside Responses function-call arguments are read', async () => {
    const { raw, json } = await forwarded('/v1/responses', {
      model: 'fake-chat',
      input: [
        { type: 'function_call', call_id: 'c', name: 'pay', arguments: ARGUMENTS },
        { role: 'user', content: 'next' },
      ],
    });
    assert.ok(!raw.includes('4111111111111111') && !raw.includes(PII.email), raw);
    assert.equal((json.input as Json[])[0]?.arguments, REDACTED_ARGUMENTS);
  });

  test('keys and numbers inside an Anthropic tool_use input are read; keys keep their order', async () => {
    const { raw, json } = await forwarded('/v1/messages', {
      model: 'fake-chat',
      max_tokens: 100,
      messages: [
        {
          role: 'assistant',
          content: [
            {
              type: 'tool_use',
              id: 't',
              name: 'pay',
              input: { card: 4111111111111111, [PII.email]: 'primary', qty: 2 },
            },
          ],
        },
        { role: 'user', content: 'next' },
      ],
    });
    assert.ok(!raw.includes('4111111111111111') && !raw.includes(PII.email), raw);
    const block = ((json.messages as Array<{ content: Json[] }>)[0]?.content ?? [])[0];
    assert.deepEqual(Object.entries(block?.input as Json), [
      ['card', '[CARD_1]'],
      ['[EMAIL_1]', 'primary'],
      ['qty', 2],
    ]);
  });

  test('embeddings (a string and a list of strings)', async () => {
    const line = Object.values(PII).join(' and ');
    assertNoRawPii((await forwarded('/v1/embeddings', { model: 'fake-embed', input: line })).raw);
    assertNoRawPii(
      (await forwarded('/v1/embeddings', { model: 'fake-embed', input: [line, `again ${PII.email}`] })).raw,
    );
  });

  test('content of a kind the gateway does not know is read over its strings; IDs and base64 data stay as they are', async () => {
    const image = `data:image/png;base64,${Buffer.from(`pixels ${PII.secret}`).toString('base64')}`;
    const { raw, json } = await forwarded('/v1/chat/completions', {
      model: 'fake-chat',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'future_part', id: 'part_1', payload: { note: `mail ${PII.email}`, list: [`call ${PII.phone}`] } },
            { type: 'image_url', image_url: { url: image } },
          ],
        },
      ],
    });
    assertNoRawPii(raw);
    const parts = (json.messages as Array<{ content: Json[] }>)[0]?.content ?? [];
    assert.deepEqual(parts[0], {
      type: 'future_part',
      id: 'part_1',
      payload: { note: 'mail [EMAIL_1]', list: ['call [PHONE_1]'] },
    });
    assert.equal((parts[1]?.image_url as Json).url, image);
  });

  test('fields the gateway does not know, at any level of a known kind, are read over their strings', async () => {
    const chat = await forwarded('/v1/chat/completions', {
      model: 'fake-chat',
      // A server's own top-level parameters (vLLM's `chat_template_kwargs`, RAG `documents`) and stop sequences.
      documents: [{ title: 'CRM export', text: `contact ${PII.email}` }],
      chat_template_kwargs: { greeting: `hello ${PII.phone}` },
      stop: [`END ${PII.ssn}`],
      temperature: 0.2,
      messages: [
        {
          role: 'user',
          content: [{ type: 'text', text: 'see attached', extra: [[`card ${PII.card}`]] }],
          context: { crm: { note: `iban ${PII.iban}` } },
        },
        {
          role: 'assistant',
          content: 'noted',
          annotations: [{ type: 'url_citation', url_citation: { title: `ip ${PII.ip}`, url: 'https://example.com' } }],
        },
        { role: 'user', content: 'go on' },
      ],
    });
    assertNoRawPii(chat.raw);
    assert.equal(chat.json.temperature, 0.2, 'numbers and flags stay as they are');
    assert.deepEqual(chat.json.stop, ['END [SSN_1]']);

    const anthropic = await forwarded('/v1/messages', {
      model: 'fake-chat',
      max_tokens: 50,
      stop_sequences: [`bye ${PII.email}`],
      messages: [
        {
          role: 'assistant',
          content: [
            {
              type: 'text',
              text: 'As the ticket says…',
              citations: [{ type: 'char_location', cited_text: `call ${PII.phone}`, document_index: 0 }],
            },
          ],
        },
        { role: 'user', content: 'thanks', extra: `secret ${PII.secret}` },
      ],
    });
    assertNoRawPii(anthropic.raw);
    const cited = ((anthropic.json.messages as Array<{ content: Json[] }>)[0]?.content[0]?.citations as Json[])[0];
    assert.deepEqual(cited, { type: 'char_location', cited_text: 'call [PHONE_1]', document_index: 0 });

    const responses = await forwarded('/v1/responses', {
      model: 'fake-chat',
      input: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi', note: `mail ${PII.email}` }] },
        { type: 'function_call_output', call_id: 'c', output: 'done', detail_text: `card ${PII.card}` },
      ],
      vendor_context: { ip: PII.ip },
    });
    assertNoRawPii(responses.raw);

    const embeddings = await forwarded('/v1/embeddings', {
      model: 'fake-embed',
      input: [[`nested ${PII.iban}`], 'plain'],
      user: PII.email,
    });
    assertNoRawPii(embeddings.raw);
  });

  test('a value of another type where a format expects text or a list is read, not skipped', async () => {
    // Providers refuse such requests, but they receive them first.
    const cardNumber = 4111111111111111;
    assertNoRawPii(
      (
        await forwarded('/v1/chat/completions', {
          model: 'fake-chat',
          messages: [
            { role: 'user', content: cardNumber },
            `a message that is a string: ${PII.email}`,
            { role: 'assistant', tool_calls: { note: PII.phone } },
          ],
          tools: [{ type: 'function', function: { name: 'f', parameters: {}, examples_text: `see ${PII.iban}` } }],
        })
      ).raw.replace(String(cardNumber), PII.card),
    );
    assertNoRawPii((await forwarded('/v1/chat/completions', { model: 'fake-chat', messages: PII.secret })).raw);
    const responses = await forwarded('/v1/responses', { model: 'fake-chat', input: 'hi', instructions: cardNumber });
    assert.equal(responses.json.instructions, '[CARD_1]');
    assertNoRawPii(
      (
        await forwarded('/v1/messages', {
          model: 'fake-chat',
          max_tokens: 10,
          metadata: `user ${PII.email}`,
          messages: [
            { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: `mail ${PII.email}` }] },
            { role: 'user', content: { text: `ip ${PII.ip}` } },
          ],
        })
      ).raw,
    );
    const embeddings = await forwarded('/v1/embeddings', { model: 'fake-embed', input: cardNumber });
    assert.equal(embeddings.json.input, '[CARD_1]');
  });

  test('a body nested too deeply to read is refused with a 400 in the caller’s format, never forwarded', async () => {
    const deep = (depth: number) => `${'['.repeat(depth)}"${PII.email}"${']'.repeat(depth)}`;
    const before = fx.fake.requests.length;
    const send = (path: string, body: string) =>
      fetch(`${fx.baseUrl}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${account.apiKey}`,
          'x-api-key': account.apiKey,
          'anthropic-version': '2023-06-01',
          'content-type': 'application/json',
        },
        body,
      });
    const depth = 15_000; // 30 KB: past what V8's stack lets the walk and the serialiser reach
    const chat = await send(
      '/v1/chat/completions',
      `{"model":"fake-chat","messages":[{"role":"user","content":[{"type":"future","payload":${deep(depth)}}]}]}`,
    );
    assert.equal(chat.status, 400);
    assert.deepEqual(await chat.json(), {
      error: {
        message: 'The request body is nested too deeply for the gateway to read',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
    const anthropic = await send(
      '/v1/messages',
      `{"model":"fake-chat","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"vendor":${deep(depth)}}`,
    );
    assert.equal(anthropic.status, 400);
    assert.equal(((await anthropic.json()) as { error: { type: string } }).error.type, 'invalid_request_error');
    assert.equal(fx.fake.requests.length, before, 'nothing reached the provider');
    const fine = await send(
      '/v1/chat/completions',
      JSON.stringify({ model: 'fake-chat', messages: [{ role: 'user', content: 'hi' }] }),
    );
    assert.equal(fine.status, 200);
  });

  test('a body holding a key twice reaches the provider as the policy read it: the last value only', async () => {
    // JSON.parse, and so the policy and the redaction, keep the last of two keys; a provider's parser may keep the
    // first. The caller's bytes are never forwarded as they came.
    const body = `{"model":"fake-chat","messages":[{"role":"user","content":"my card is ${PII.card}"}],"messages":[{"role":"user","content":"hello"}]}`;
    const response = await fetch(`${fx.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${account.apiKey}`, 'content-type': 'application/json' },
      body,
    });
    assert.equal(response.status, 200, await response.text());
    const raw = fx.fake.requests.at(-1)?.body ?? '';
    assertNoRawPii(raw);
    assert.equal(raw.split('"messages"').length, 2, raw);
    assert.deepEqual((JSON.parse(raw) as Json).messages, [{ role: 'user', content: 'hello' }]);
  });

  test('tool-call arguments that are not JSON are read as text', async () => {
    const { raw } = await forwarded('/v1/chat/completions', {
      model: 'fake-chat',
      messages: [
        {
          role: 'assistant',
          tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: `{"to": "${PII.email}"` } }],
        },
        { role: 'user', content: 'next' },
      ],
    });
    assertNoRawPii(raw);
  });
});
