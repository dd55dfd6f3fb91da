import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicMessages } from './fake-anthropic';
import { embeddings, openaiChat } from './fake-openai';
import { responses } from './fake-responses';
import { sendJson, type Json } from './fake-wire';

/**
 * A local LLM provider for tests, the benchmark and the offline demo. It speaks
 * the OpenAI (chat completions, Responses, embeddings) and Anthropic wire
 * formats, streams, reports usage, and behaves according to the model name:
 *   fake-fail-<status>   answers with that HTTP error, in the endpoint's wire format
 *   fake-stall           never answers (timeouts)
 *   fake-stall-stream    streams one chunk, then stalls
 *   fake-slow            streams one chunk every 20 ms (disconnect tests)
 *   fake-no-usage        reports no token usage
 *   fake-tools           calls the request's first tool (or `echo`) with {"text": "You said: <text>"};
 *                        after tool results it answers "Tool said: <results>" (any fake-…-tools model)
 *   fake-…-parallel-tools calls every tool of the request (up to 3) at once; streamed OpenAI
 *                        argument deltas interleave, Anthropic writes a text block first
 *   fake-…-length        stops as if out of tokens (finish_reason length / stop_reason max_tokens)
 *   fake-…-stream-error  streams the start of an answer, then an error event
 *   fake-claude-…        served on /v1/messages only (the Anthropic format), fake-gpt-… on
 *                        the OpenAI endpoints only: requests in the other format are translated
 *   anything else        echoes the last user message: "You said: <text>"
 * A chat request with `n` > 1 gets n choices, choice i echoing line i of the
 * message (the last line when there are fewer); streamed, choices interleave.
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
export const FAKE_MODELS = ['fake-chat', 'fake-tools', 'fake-embed', 'fake-slow', 'fake-no-usage', 'fake-stall'];

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
      const failure = /^fake-(?:claude-|gpt-)?fail-(\d{3})$/.exec(model);
      if (failure?.[1]) return sendError(res, anthropic, Number(failure[1]));
      if (model === 'fake-stall') return; // the caller's timeout ends it
      if (path === '/v1/chat/completions') return openaiChat(res, body);
      if (path === '/v1/responses') return responses(res, body);
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
