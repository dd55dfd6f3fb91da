import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { fullLogAssociatedData } from '../../platform/full-logs/full-log-envelope';
import { open, unwrapDataKey } from '../../platform/crypto/envelope';
import {
  createAccountWithKey,
  eventually,
  lastRequestRow,
  startGatewayFixture,
  type GatewayFixture,
  type TestAccount,
} from './support/gateway-fixture';
import { PII } from './support/pii-values';

interface LogRow {
  endpoint: string;
  verdict: string;
  matched_rule_ids: string[];
  status: number;
  prompt_tokens: number;
  completion_tokens: number;
  tokens_estimated: boolean;
  streamed: boolean;
}

interface FullLogRow {
  request_id: string;
  account_id: string;
  nonce: Buffer;
  auth_tag: Buffer;
  ciphertext: Buffer;
}

const TOOLS: OpenAI.Responses.Tool[] = [
  {
    type: 'function',
    name: 'send_note',
    strict: false,
    parameters: { type: 'object', properties: { text: { type: 'string' } } },
  },
];

describe('the Responses API through the official openai client', () => {
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
        { id: 'no-project-x', type: 'keyword', keywords: ['project nightingale'], action: 'block' },
        { id: 'redact-pii', type: 'pii', entities: ['EMAIL', 'PHONE', 'CARD'], action: 'redact' },
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

  const lastRow = (account: TestAccount) => lastRequestRow<LogRow>(fx, account);

  test('a response comes back with its output text; the row has the provider usage', async () => {
    const response = await client.responses.create({ model: 'fake-chat', input: 'Hello there' });
    assert.equal(response.output_text, 'You said: Hello there');
    assert.ok(response.usage && response.usage.output_tokens > 0);
    assert.equal(fx.fake.requests.at(-1)?.path, '/v1/responses');
    const row = await lastRow(plain);
    assert.equal(row.endpoint, '/v1/responses');
    assert.equal(row.tokens_estimated, false);
    assert.equal(row.completion_tokens, response.usage.output_tokens);
    assert.equal(row.prompt_tokens, response.usage.input_tokens);
  });

  test('a streamed response arrives as typed events ending in response.completed; usage is logged', async () => {
    const stream = await client.responses.create({
      model: 'fake-chat',
      stream: true,
      instructions: 'Be brief',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Stream this please' }] }],
    });
    let text = '';
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = event.response;
    }
    assert.equal(text, 'You said: Stream this please');
    assert.equal(completed?.status, 'completed');
    const row = await eventually(async () => {
      const r = await lastRow(plain);
      return r.streamed ? r : undefined;
    });
    assert.equal(row.tokens_estimated, false);
    assert.equal(row.completion_tokens, completed?.usage?.output_tokens);
  });

  test('the SDK stream helper builds the final response from the events', async () => {
    const final = await client.responses.stream({ model: 'fake-chat', input: 'helper' }).finalResponse();
    assert.equal(final.output_text, 'You said: helper');
  });

  test('PII is redacted before the upstream and restored in deltas, done events and the final response', async () => {
    const prompt = `mail ${PII.email} or call ${PII.phone}, card ${PII.card}`;
    const stream = guardedClient.responses.stream({ model: 'fake-chat', input: prompt });
    let deltas = '';
    stream.on('response.output_text.delta', (event) => (deltas += event.delta));
    const doneTexts: string[] = [];
    stream.on('response.output_text.done', (event) => doneTexts.push(event.text));
    const final = await stream.finalResponse();
    const upstream = fx.fake.requests.at(-1)?.body ?? '';
    assert.ok(!upstream.includes(PII.email) && !upstream.includes(PII.card) && !upstream.includes('555 0100'));
    assert.match(upstream, /\[EMAIL_1\].*\[PHONE_1\].*\[CARD_1\]/);
    assert.equal(deltas, `You said: ${prompt}`);
    assert.deepEqual(doneTexts, [`You said: ${prompt}`]);
    assert.equal(final.output_text, `You said: ${prompt}`);
    const plainResponse = await guardedClient.responses.create({ model: 'fake-chat', input: prompt });
    assert.equal(plainResponse.output_text, `You said: ${prompt}`);
  });

  for (const streamed of [false, true]) {
    test(`function calls come back with originals restored in their arguments (${streamed ? 'streamed' : 'plain'})`, async () => {
      const input = `note that ${PII.email} wants "a call"`;
      const response = streamed
        ? await guardedClient.responses.stream({ model: 'fake-tools', tools: TOOLS, input }).finalResponse()
        : await guardedClient.responses.create({ model: 'fake-tools', tools: TOOLS, input });
      const call = response.output[0];
      assert.equal(call?.type, 'function_call');
      assert.equal(call.type === 'function_call' ? call.name : '', 'send_note');
      assert.deepEqual(JSON.parse(call.type === 'function_call' ? call.arguments : ''), {
        text: `You said: ${input}`,
      });
      assert.ok(!(fx.fake.requests.at(-1)?.body ?? '').includes(PII.email));
    });
  }

  test('a request blocked by policy raises PermissionDeniedError naming the rule; the upstream never sees it', async () => {
    const before = fx.fake.requests.length;
    await assert.rejects(
      guardedClient.responses.create({ model: 'fake-chat', input: 'tell me about Project Nightingale' }),
      (error: unknown) => error instanceof OpenAI.PermissionDeniedError && /no-project-x/.test(error.message),
    );
    assert.equal(fx.fake.requests.length, before);
  });

  test('an output rule that matches mid-stream ends the stream with an error the SDK raises', async () => {
    const stream = await guardedClient.responses.create({
      model: 'fake-chat',
      stream: true,
      input: 'the launch code 12345 is here',
    });
    let text = '';
    await assert.rejects(
      async () => {
        for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
      },
      (error: unknown) => error instanceof OpenAI.APIError && /no-launch-codes/.test(error.message),
    );
    assert.ok(!text.includes('12345'));
    const row = await lastRow(guarded);
    assert.equal(row.verdict, 'BLOCK');
  });

  test('upstream and gateway errors reach the SDK as its usual error types', async () => {
    await assert.rejects(client.responses.create({ model: 'fake-fail-429', input: 'x' }), OpenAI.RateLimitError);
    await assert.rejects(client.responses.create({ model: 'fake-fail-500', input: 'x' }), OpenAI.InternalServerError);
    await assert.rejects(client.responses.create({ model: 'no-such-model', input: 'x' }), OpenAI.NotFoundError);
    const badKey = new OpenAI({
      baseURL: `${fx.baseUrl}/v1`,
      apiKey: 'atr_000000000000_' + 'x'.repeat(43),
      maxRetries: 0,
    });
    await assert.rejects(badKey.responses.create({ model: 'fake-chat', input: 'x' }), OpenAI.AuthenticationError);
    await assert.rejects(client.responses.create({ model: 'fake-stall', input: 'x' }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.APIError);
      assert.equal(error.status, 504);
      return true;
    });
  });

  test('a stream whose upstream stalls mid-way ends with an error event, not a silent cut', async () => {
    const stream = await client.responses.create({ model: 'fake-stall-stream', stream: true, input: 'x' });
    await assert.rejects(async () => {
      for await (const _event of stream) {
        // consume
      }
    }, OpenAI.APIError);
  });

  test('full logging stores the redacted prompt and the completion, encrypted', async () => {
    const loggedClient = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: logged.apiKey, maxRetries: 0 });
    await loggedClient.responses.create({ model: 'fake-chat', instructions: 'Be kind', input: `hi ${PII.email}` });
    await fx.gateway.app.writer.flush();
    const rows = await eventually(async () => {
      const r = await fx.database
        .db('gateway_full_logs')
        .where({ account_id: logged.accountId })
        .select<FullLogRow[]>('*');
      return r.length ? r : undefined;
    });
    const account = await fx.database
      .db('accounts')
      .where({ id: logged.accountId })
      .first<{ data_key_wrapped: Buffer }>('data_key_wrapped');
    const dataKey = unwrapDataKey(fx.config.keys.master, logged.accountId, account.data_key_wrapped);
    const row = rows[0];
    assert.ok(row);
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
});
