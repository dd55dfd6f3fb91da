import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local LLM provider for tests, the benchmark and the offline demo. It speaks
 * the OpenAI and Anthropic wire formats, streams, reports usage, and behaves
 * according to the model name:
 *   fake-fail-<status>   answers with that HTTP error, in the endpoint's wire format
 *   fake-stall           never answers (timeouts)
 *   fake-stall-stream    streams one chunk, then stalls
 *   fake-slow            streams one chunk every 20 ms (disconnect tests)
 *   fake-no-usage        reports no token usage
 *   anything else        echoes the last user message: "You said: <text>"
 * It records what it received (the last 200 requests), so tests can assert
 * what an upstream would have seen.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The caller (the gateway) closed the connection before the answer was complete. */
  closedBeforeAnswer?: boolean;
}

export interface FakeProvider {
  url: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const MAX_RECORDED = 200;
const STREAM_CHUNK_CHARS = 6;
const MAX_ECHO_CHARS = 400;
export const FAKE_MODELS = ['fake-chat', 'fake-embed', 'fake-slow', 'fake-no-usage', 'fake-stall'];

type Json = Record<string, unknown>;

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content
      .map((part: unknown) =>
        part && typeof part === 'object' && 'text' in part && typeof part.text === 'string' ? part.text : '',
      )
      .join('');
  return '';
}

function lastUserText(body: Json): string {
  const messages = Array.isArray(body.messages) ? (body.messages as unknown[]) : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m && typeof m === 'object' && 'role' in m && m.role === 'user' && 'content' in m) return textOf(m.content);
  }
  return '';
}

function promptChars(body: Json): number {
  return JSON.stringify(body.messages ?? body.input ?? '').length;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

function sendError(res: ServerResponse, anthropic: boolean, status: number): void {
  const message = `fake upstream failure ${status}`;
  if (anthropic) {
    const type = status === 429 ? 'rate_limit_error' : status >= 500 ? 'api_error' : 'invalid_request_error';
    sendJson(res, status, { type: 'error', error: { type, message } });
  } else {
    sendJson(res, status, {
      error: {
        message,
        type: status >= 500 ? 'server_error' : 'invalid_request_error',
        param: null,
        code: `upstream_${status}`,
      },
    });
  }
}

function chunksOf(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += STREAM_CHUNK_CHARS) out.push(text.slice(i, i + STREAM_CHUNK_CHARS));
  return out;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function writeFrames(res: ServerResponse, frames: string[], model: string): Promise<void> {
  const delay = model === 'fake-slow' ? 20 : 0;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const [i, frame] of frames.entries()) {
    if (res.destroyed) return;
    res.write(frame);
    if (model === 'fake-stall-stream' && i === 1) return; // never ends
    if (delay) await wait(delay);
  }
  res.end();
}

function openaiChat(res: ServerResponse, body: Json): Promise<void> | void {
  const model = String(body.model);
  const text = `You said: ${lastUserText(body).slice(0, MAX_ECHO_CHARS)}`;
  const promptTokens = Math.ceil(promptChars(body) / 4);
  const completionTokens = chunksOf(text).length;
  const usage =
    model === 'fake-no-usage'
      ? undefined
      : {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
        };
  const id = 'chatcmpl-fake';
  const created = Math.floor(Date.now() / 1000);
  if (body.stream !== true) {
    sendJson(res, 200, {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: text, refusal: null },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      ...(usage ? { usage } : {}),
    });
    return;
  }
  const includeUsage = Boolean(usage) && (body.stream_options as Json | undefined)?.include_usage === true;
  const frame = (choices: unknown[], extra: Json = {}) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...(includeUsage ? { usage: null } : {}), ...extra })}\n\n`;
  const frames = [frame([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }])];
  for (const piece of chunksOf(text))
    frames.push(frame([{ index: 0, delta: { content: piece }, finish_reason: null }]));
  frames.push(frame([{ index: 0, delta: {}, finish_reason: 'stop' }]));
  if (includeUsage) frames.push(frame([], { usage }));
  frames.push('data: [DONE]\n\n');
  return writeFrames(res, frames, model);
}

function anthropicMessages(res: ServerResponse, body: Json): Promise<void> | void {
  const model = String(body.model);
  const text = `You said: ${lastUserText(body).slice(0, MAX_ECHO_CHARS)}`;
  const inputTokens = Math.ceil(promptChars(body) / 4);
  const outputTokens = model === 'fake-no-usage' ? 0 : chunksOf(text).length;
  const id = 'msg_fake';
  if (body.stream !== true) {
    sendJson(res, 200, {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'text', text }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: model === 'fake-no-usage' ? 0 : inputTokens, output_tokens: outputTokens },
    });
    return;
  }
  const event = (name: string, data: Json) => `event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`;
  const frames = [
    event('message_start', {
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: model === 'fake-no-usage' ? 0 : inputTokens, output_tokens: 1 },
      },
    }),
    event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    event('ping', {}),
  ];
  for (const piece of chunksOf(text))
    frames.push(event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } }));
  frames.push(event('content_block_stop', { index: 0 }));
  frames.push(
    event('message_delta', {
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: outputTokens },
    }),
  );
  frames.push(event('message_stop', {}));
  return writeFrames(res, frames, model);
}

function embeddings(res: ServerResponse, body: Json): void {
  const inputs = Array.isArray(body.input) ? (body.input as unknown[]) : [body.input];
  const tokens = Math.ceil(promptChars(body) / 4);
  sendJson(res, 200, {
    object: 'list',
    model: body.model,
    data: inputs.map((input, index) => {
      const seed = String(input).length;
      return { object: 'embedding', index, embedding: [0, 1, 2, 3].map((k) => ((seed * (k + 1)) % 97) / 97) };
    }),
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeProvider(options: { port?: number; host?: string } = {}): Promise<FakeProvider> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const raw = await readBody(req);
      const recorded: RecordedRequest = { method: req.method ?? 'GET', path, headers: req.headers, body: raw };
      res.on('close', () => {
        if (!res.writableFinished) recorded.closedBeforeAnswer = true;
      });
      requests.push(recorded);
      if (requests.length > MAX_RECORDED) requests.shift();
      if (req.method === 'GET' && path === '/v1/models') {
        sendJson(res, 200, {
          object: 'list',
          data: FAKE_MODELS.map((id) => ({ id, object: 'model', created: 0, owned_by: 'autrace-fake' })),
        });
        return;
      }
      const anthropic = path === '/v1/messages';
      let body: Json;
      try {
        body = JSON.parse(raw) as Json;
      } catch {
        sendError(res, anthropic, 400);
        return;
      }
      const model = typeof body.model === 'string' ? body.model : '';
      const failure = /^fake-fail-(\d{3})$/.exec(model);
      if (failure?.[1]) return sendError(res, anthropic, Number(failure[1]));
      if (model === 'fake-stall') return; // the caller's timeout ends it
      if (path === '/v1/chat/completions') return openaiChat(res, body);
      if (anthropic) return anthropicMessages(res, body);
      if (path === '/v1/embeddings') return embeddings(res, body);
      sendJson(res, 404, { error: { message: 'not found', type: 'invalid_request_error', param: null, code: null } });
    })().catch(() => res.destroy());
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
