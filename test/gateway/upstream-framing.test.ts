import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import {
  createAccountWithKey,
  lastRequestRow,
  startGatewayFixture,
  type GatewayFixture,
  type TestAccount,
} from './support/gateway-fixture';
import { PII, REDACT_EVERY_PII_TYPE } from './support/pii-values';
import { listenOnLoopback } from '../support/loopback-server';

/**
 * Upstreams the gateway does not control: an account's own OpenAI-compatible
 * connection may be any server (llama.cpp's and other sse-starlette servers end
 * SSE lines with \r\n), and a hostile one may answer without end.
 */

const MODEL_PREFIX = 'framing-';

function chunk(content: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: 'chatcmpl-framing',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'framing',
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
    ...extra,
  });
}

const USAGE = chunk('', { choices: [], usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 } });

/** Writes the parts one socket write each, a few ms apart, so the gateway reads them as separate chunks. */
async function writeApart(res: ServerResponse, parts: readonly string[]): Promise<void> {
  for (const part of parts) {
    res.write(part);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

interface HostileUpstream {
  url: string;
  /** The body of the last request it got. */
  lastBody: string;
  /** Bytes written by the endless answers before the gateway stopped reading. */
  endlessBytes: number;
  close(): Promise<void>;
}

async function startHostileUpstream(): Promise<HostileUpstream> {
  const upstream: HostileUpstream = { url: '', lastBody: '', endlessBytes: 0, close: () => Promise.resolve() };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (data: Buffer) => (raw += data.toString()));
    req.on('end', () => {
      upstream.lastBody = raw;
      const model = (JSON.parse(raw) as { model: string }).model.slice(MODEL_PREFIX.length);
      const sse = () => res.writeHead(200, { 'content-type': 'text/event-stream' });
      switch (model) {
        case 'crlf': {
          sse();
          const lines = [chunk('Here it is: '), chunk(PII.secret), chunk(' done'), USAGE].map(
            (d) => `data: ${d}\r\n\r\n`,
          );
          void writeApart(res, [...lines, 'data: [DONE]\r\n\r\n']).then(() => res.end());
          return;
        }
        case 'crlf-split': {
          // Each \r\n frame end is cut between its \r and its \n, and an event's lines between two reads.
          sse();
          const parts = [`data: ${chunk('mail ')}\r`, `\n\r`, `\ndata: ${chunk(PII.email)}\r\n\r`, `\n`];
          void writeApart(res, [...parts, `data: ${USAGE}\r\n\r\ndata: [DONE]\r\n\r\n`]).then(() => res.end());
          return;
        }
        case 'cr': {
          sse();
          void writeApart(res, [`data: ${chunk(PII.secret)}\r\r`, `data: ${USAGE}\r\rdata: [DONE]\r\r`]).then(() =>
            res.end(),
          );
          return;
        }
        case 'unterminated': {
          // The last frame has no blank line after it.
          sse();
          void writeApart(res, [`data: ${chunk('fine so far')}\n\n`, `data: ${chunk(`and ${PII.secret}`)}`]).then(() =>
            res.end(),
          );
          return;
        }
        case 'reasoning': {
          // vLLM's and DeepSeek's reasoning text, a field OpenAI's chunks do not have; the secret split between frames.
          sse();
          const reasoning = (text: string) =>
            `data: ${chunk('', { choices: [{ index: 0, delta: { reasoning_content: text }, finish_reason: null }] })}\n\n`;
          const half = PII.secret.length / 2;
          void writeApart(res, [
            reasoning('thinking about sk'),
            reasoning(`... the key is ${PII.secret.slice(0, half)}`),
            reasoning(`${PII.secret.slice(half)} and the mail ${PII.email.slice(0, 6)}`),
            reasoning(`${PII.email.slice(6)}.`),
            `data: ${chunk('answer')}\n\n`,
            `data: ${chunk('', { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`,
          ]).then(() => res.end());
          return;
        }
        case 'reasoning-details': {
          // OpenRouter's structured reasoning: text inside an array of objects in the delta.
          sse();
          const details = (text: string) =>
            `data: ${chunk('', { choices: [{ index: 0, delta: { reasoning_details: [{ type: 'reasoning.text', index: 0, text }] }, finish_reason: null }] })}\n\n`;
          void writeApart(res, [
            details(`first mail ${PII.email} then`),
            details(`the key ${PII.secret}`),
            `data: ${chunk('answer')}\n\n`,
            `data: ${chunk('', { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`,
          ]).then(() => res.end());
          return;
        }
        case 'error-quoting': {
          // An error that quotes what it got: an address and a key the upstream read somewhere.
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              error: { message: `Unknown user ${PII.email} for key ${PII.secret}`, type: 'invalid_request_error' },
            }),
          );
          return;
        }
        case 'reasoning-whole': {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              id: 'chatcmpl-reasoning',
              object: 'chat.completion',
              created: 0,
              model: 'framing',
              choices: [
                {
                  index: 0,
                  message: { role: 'assistant', content: 'answer', reasoning_content: `mail ${PII.email} first` },
                  finish_reason: 'stop',
                },
              ],
              usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
            }),
          );
          return;
        }
        case 'not-json-whole': {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(`here you go: ${PII.secret} and ${PII.email}`);
          return;
        }
        case 'not-json': {
          sse();
          const broken = `data: {"choices":[{"index":0,"delta":{"content":"${PII.secret} and ${PII.email}"}}]\n\n`;
          void writeApart(res, [`data: ${chunk('before ')}\n\n`, broken, 'data: [DONE]\n\n']).then(() => res.end());
          return;
        }
        case 'error-frame': {
          sse();
          const error = JSON.stringify({
            error: { message: `the answer for ${PII.email} failed`, type: 'server_error' },
          });
          void writeApart(res, [`data: ${chunk('partial ')}\n\n`, `data: ${error}\n\n`]).then(() => res.end());
          return;
        }
        case 'endless-frame': {
          // One frame that never ends.
          sse();
          res.write(`data: ${chunk('x')}`);
          const filler = Buffer.alloc(64 * 1024, 'a');
          const pump = () => {
            while (!res.destroyed && res.write(filler)) upstream.endlessBytes += filler.length;
            if (!res.destroyed) res.once('drain', pump);
          };
          res.on('close', () => undefined);
          pump();
          return;
        }
        case 'endless-json': {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"id":"chatcmpl-huge","choices":[{"index":0,"message":{"role":"assistant","content":"');
          const filler = Buffer.alloc(64 * 1024, 'a');
          const pump = () => {
            while (!res.destroyed && res.write(filler)) upstream.endlessBytes += filler.length;
            if (!res.destroyed) res.once('drain', pump);
          };
          pump();
          return;
        }
        default:
          res.writeHead(404).end();
      }
    });
  });
  const listening = await listenOnLoopback(server);
  upstream.url = listening.url;
  upstream.close = () => listening.close();
  return upstream;
}

interface Row {
  verdict: string;
  matched_rule_ids: string[];
  status: number;
  completion_tokens: number | null;
}

describe('upstreams the gateway does not control: every SSE line ending, unknown fields and frames, endless answers', () => {
  let upstream: HostileUpstream;
  let fx: GatewayFixture;
  let blocker: TestAccount;
  let redactor: TestAccount;
  let promptRedactor: TestAccount;

  before(async () => {
    upstream = await startHostileUpstream();
    fx = await startGatewayFixture({
      env: {
        OPENAI_COMPATIBLE_BASE_URL: `${upstream.url}/v1`,
        OPENAI_COMPATIBLE_API_KEY: 'sk-framing',
        GATEWAY_MAX_UPSTREAM_RESPONSE_BYTES: String(1024 * 1024),
        UPSTREAM_TIMEOUT_MS: '5000',
      },
    });
    blocker = await createAccountWithKey(fx.database.db, fx.config, {
      rules: [{ id: 'no-secrets-out', type: 'pii', entities: ['SECRET'], target: 'completion', action: 'block' }],
    });
    redactor = await createAccountWithKey(fx.database.db, fx.config, {
      rules: [{ id: 'no-emails-out', type: 'pii', entities: ['EMAIL'], target: 'completion', action: 'redact' }],
    });
    promptRedactor = await createAccountWithKey(fx.database.db, fx.config, { rules: [REDACT_EVERY_PII_TYPE] });
  });

  after(async () => {
    await fx.close();
    await upstream.close();
  });

  const lastRow = (account: TestAccount) => lastRequestRow<Row>(fx, account);

  /** The raw SSE body the caller received, read to its end (or to the connection's end). */
  async function streamRaw(account: TestAccount, model: string): Promise<{ status: number; text: string }> {
    const response = await fetch(`${fx.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${account.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: `${MODEL_PREFIX}${model}`,
        stream: true,
        messages: [{ role: 'user', content: 'hello' }],
      }),
    });
    let text = '';
    try {
      text = await response.text();
    } catch {
      // The gateway cut the connection: what arrived before is all there is.
    }
    return { status: response.status, text };
  }

  test('a stream framed with \\r\\n is inspected: a secret in it ends the stream and is never sent', async () => {
    const { text } = await streamRaw(blocker, 'crlf');
    assert.ok(!text.includes(PII.secret), 'the secret reached the caller');
    assert.match(text, /no-secrets-out/);
    const row = await lastRow(blocker);
    assert.equal(row.verdict, 'BLOCK');
    assert.deepEqual(row.matched_rule_ids, ['no-secrets-out']);
  });

  test('\\r\\n frame ends cut between reads are one line end: the SDK reads every event, redacted, and usage is counted', async () => {
    const client = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: redactor.apiKey, maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: `${MODEL_PREFIX}crlf-split`,
      stream: true,
      messages: [{ role: 'user', content: 'hello' }],
    });
    let text = '';
    for await (const part of stream) text += part.choices[0]?.delta.content ?? '';
    assert.equal(text, 'mail [EMAIL]');
    const row = await lastRow(redactor);
    assert.deepEqual(row.matched_rule_ids, ['no-emails-out']);
    assert.equal(row.completion_tokens, 7);
  });

  test('a stream framed with bare \\r is inspected too', async () => {
    const { text } = await streamRaw(blocker, 'cr');
    assert.ok(!text.includes(PII.secret), 'the secret reached the caller');
    assert.match(text, /no-secrets-out/);
  });

  test('a last frame without its blank line is inspected, not passed through', async () => {
    const { text } = await streamRaw(blocker, 'unterminated');
    assert.ok(!text.includes(PII.secret), 'the secret reached the caller');
    assert.match(text, /no-secrets-out/);
    const row = await lastRow(blocker);
    assert.equal(row.verdict, 'BLOCK');
  });

  test('text fields OpenAI-compatible servers add (reasoning_content) are gated like content, across frames', async () => {
    const blocked = await streamRaw(blocker, 'reasoning');
    assert.ok(
      !blocked.text.includes(PII.secret.slice(0, PII.secret.length / 2)),
      'part of the secret reached the caller',
    );
    assert.match(blocked.text, /no-secrets-out/);

    const client = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: redactor.apiKey, maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: `${MODEL_PREFIX}reasoning`,
      stream: true,
      messages: [{ role: 'user', content: 'hello' }],
    });
    let reasoning = '';
    let content = '';
    for await (const part of stream) {
      const delta: { content?: string | null; reasoning_content?: string } | undefined = part.choices[0]?.delta;
      reasoning += delta?.reasoning_content ?? '';
      content += delta?.content ?? '';
    }
    assert.equal(reasoning, `thinking about sk... the key is ${PII.secret} and the mail [EMAIL].`);
    assert.equal(content, 'answer');
    assert.deepEqual((await lastRow(redactor)).matched_rule_ids, ['no-emails-out']);
  });

  test('structured text a server adds to a delta (reasoning_details) is gated string by string', async () => {
    const blocked = await streamRaw(blocker, 'reasoning-details');
    assert.ok(!blocked.text.includes(PII.secret), 'the secret reached the caller');
    assert.match(blocked.text, /no-secrets-out/);

    const redacted = await streamRaw(redactor, 'reasoning-details');
    assert.ok(!redacted.text.includes(PII.email), redacted.text);
    assert.match(
      redacted.text,
      /"reasoning_details":\[\{"type":"reasoning.text","index":0,"text":"first mail \[EMAIL\] then"\}\]/,
    );
    assert.deepEqual((await lastRow(redactor)).matched_rule_ids, ['no-emails-out']);
  });

  test("an upstream's error message goes through the output rules, plain and streamed; the status stays", async () => {
    for (const stream of [false, true]) {
      const redacting = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: redactor.apiKey, maxRetries: 0 });
      await assert.rejects(
        redacting.chat.completions.create({
          model: `${MODEL_PREFIX}error-quoting`,
          stream,
          messages: [{ role: 'user', content: 'hello' }],
        }),
        (error: unknown) =>
          error instanceof OpenAI.BadRequestError &&
          error.message.includes('Unknown user [EMAIL] for key') &&
          !error.message.includes(PII.email),
      );
      const blocking = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: blocker.apiKey, maxRetries: 0 });
      await assert.rejects(
        blocking.chat.completions.create({
          model: `${MODEL_PREFIX}error-quoting`,
          stream,
          messages: [{ role: 'user', content: 'hello' }],
        }),
        (error: unknown) =>
          error instanceof OpenAI.BadRequestError &&
          /withheld by the account's output rules \(no-secrets-out\)/.test(error.message) &&
          !error.message.includes(PII.secret),
      );
    }
    assert.deepEqual((await lastRow(blocker)).matched_rule_ids, ['no-secrets-out']);
  });

  test('a message field an OpenAI-compatible server adds is read in answers and in the conversations sent back', async () => {
    const client = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: redactor.apiKey, maxRetries: 0 });
    const answer = await client.chat.completions.create({
      model: `${MODEL_PREFIX}reasoning-whole`,
      messages: [{ role: 'user', content: 'hello' }],
    });
    const message = answer.choices[0]?.message as { content: string; reasoning_content?: string };
    assert.equal(message.reasoning_content, 'mail [EMAIL] first');
    assert.equal(message.content, 'answer');

    const prompted = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: promptRedactor.apiKey, maxRetries: 0 });
    await prompted.chat.completions.create({
      model: `${MODEL_PREFIX}reasoning-whole`,
      messages: [
        { role: 'user', content: 'hello' },
        { role: 'assistant', content: 'answer', reasoning_content: `mail ${PII.email} first` } as never,
        { role: 'user', content: 'and now?' },
      ],
    });
    assert.ok(upstream.lastBody.includes('reasoning_content'), upstream.lastBody);
    assert.ok(!upstream.lastBody.includes(PII.email), 'the e-mail reached the provider');
  });

  test('a frame whose data is not JSON is gated whole', async () => {
    const blocked = await streamRaw(blocker, 'not-json');
    assert.ok(!blocked.text.includes(PII.secret), 'the secret reached the caller');
    assert.match(blocked.text, /no-secrets-out/);
    const redacted = await streamRaw(redactor, 'not-json');
    assert.ok(!redacted.text.includes(PII.email), 'the e-mail reached the caller');
    assert.match(redacted.text, /\[EMAIL\]/);
  });

  test('a non-streamed answer that is not JSON is gated whole', async () => {
    const post = (account: TestAccount) =>
      fetch(`${fx.baseUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${account.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: `${MODEL_PREFIX}not-json-whole`, messages: [{ role: 'user', content: 'hi' }] }),
      });
    const blocked = await post(blocker);
    const blockedText = await blocked.text();
    assert.equal(blocked.status, 403, blockedText);
    assert.ok(!blockedText.includes(PII.secret), 'the secret reached the caller');
    const redacted = await (await post(redactor)).text();
    assert.equal(redacted, `here you go: ${PII.secret} and [EMAIL]`);
  });

  test("an upstream's error frame is gated too", async () => {
    const { text } = await streamRaw(redactor, 'error-frame');
    assert.ok(!text.includes(PII.email), 'the e-mail reached the caller');
    assert.match(text, /the answer for \[EMAIL\] failed/);
  });

  test('a frame that never ends is cut at the response limit, with an error event; the gateway stays up', async () => {
    const before = upstream.endlessBytes;
    const { status, text } = await streamRaw(blocker, 'endless-frame');
    assert.equal(status, 200);
    assert.match(text, /"error"/);
    assert.ok(text.length < 64 * 1024, `the caller got ${text.length} bytes of an unfinished frame`);
    const read = upstream.endlessBytes - before;
    // The gateway stopped reading near its 1 MB limit (socket buffers hold a few more MB at most).
    assert.ok(read < 16 * 1024 * 1024, `the gateway read ${read} bytes of one frame`);
    const health = await fetch(`${fx.baseUrl}/healthz`);
    assert.equal(health.status, 200);
  });

  test("a non-streamed answer past the response limit is a 502 in the caller's format, and nothing is buffered beyond it", async () => {
    const client = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: blocker.apiKey, maxRetries: 0 });
    const before = upstream.endlessBytes;
    await assert.rejects(
      client.chat.completions.create({
        model: `${MODEL_PREFIX}endless-json`,
        messages: [{ role: 'user', content: 'hi' }],
      }),
      (error: unknown) => error instanceof OpenAI.APIError && error.status === 502 && /too large/i.test(error.message),
    );
    const read = upstream.endlessBytes - before;
    assert.ok(read < 16 * 1024 * 1024, `the gateway read ${read} bytes`);
    const row = await lastRow(blocker);
    assert.equal(row.status, 502);
  });
});
