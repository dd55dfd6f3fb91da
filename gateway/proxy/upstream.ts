import { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { GatewayError } from '../http/wire-errors';
import type { Provider } from '../providers/provider';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Aborts the upstream call when the caller goes away. undici accepts an
 * EventEmitter as its signal; it is much cheaper per request than an
 * AbortController (an EventTarget) on the hot path.
 */
export class CallerGone extends EventEmitter {
  aborted = false;

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.emit('abort');
  }
}

/** Maps an undici failure to the gateway error the caller sees (timeouts → 504, anything else → 502). */
export function upstreamFailure(error: unknown, provider: Provider): GatewayError {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && TIMEOUT_CODES.has(code))
    return new GatewayError('timeout', `The upstream provider (${provider.name}) did not answer within ${provider.timeoutMs} ms`);
  return new GatewayError('upstream', `The upstream provider (${provider.name}) could not be reached`);
}

export async function callUpstream(
  provider: Provider,
  path: string,
  headers: Record<string, string>,
  body: Buffer | null,
  signal: CallerGone,
): Promise<Dispatcher.ResponseData> {
  try {
    return await provider.pool.request({ path, method: body ? 'POST' : 'GET', headers, body, signal });
  } catch (error) {
    throw upstreamFailure(error, provider);
  }
}

export interface BufferedResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** performance.now() when the response headers arrived. */
  headersAt: number;
}

/**
 * The whole upstream response in one Buffer, for callers that need all of it
 * anyway (non-streamed completions, embeddings). Goes through undici's
 * dispatch API: no response stream and no async iteration per request, which
 * costs about a fifth less CPU than request() followed by readAll. Timeouts are
 * the pool's (headersTimeout, bodyTimeout), as for callUpstream.
 */
export function callUpstreamBuffered(
  provider: Provider,
  path: string,
  headers: Record<string, string>,
  body: Buffer,
  signal: CallerGone,
): Promise<BufferedResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let statusCode = 0;
    let responseHeaders: IncomingHttpHeaders = {};
    let headersAt = 0;
    let controller: Dispatcher.DispatchController | null = null;
    const onAbort = () => controller?.abort(new Error('The caller closed the connection'));
    const settle = () => signal.off('abort', onAbort);
    signal.once('abort', onAbort);
    provider.pool.dispatch(
      { path, method: 'POST', headers, body },
      {
        onRequestStart(c) {
          controller = c;
          if (signal.aborted) onAbort();
        },
        onResponseStart(_c, status, received) {
          statusCode = status;
          responseHeaders = received;
          headersAt = performance.now();
        },
        onResponseData(_c, chunk) {
          chunks.push(chunk);
          size += chunk.length;
        },
        onResponseEnd() {
          settle();
          const whole = chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, size);
          resolve({ statusCode, headers: responseHeaders, body: whole, headersAt });
        },
        onResponseError(_c, error) {
          settle();
          reject(upstreamFailure(error, provider));
        },
      },
    );
  });
}

export async function readAll(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
  }
  return chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, size);
}
