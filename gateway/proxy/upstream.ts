import { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { GatewayError } from '../http/wire-errors';
import type { AttemptTrace, RequestTrace } from '../observability/tracing';
import { originOf, type Provider } from '../providers/provider';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Aborts the upstream call when the caller goes away. undici accepts an
 * EventEmitter as its signal; it is much cheaper per request than an
 * AbortController (an EventTarget) on the hot path.
 */
export class CallerGone extends EventEmitter {
  aborted = false;
  /** A buffered upstream call in progress (callUpstreamBuffered), told directly rather than through a listener. */
  call: { callerGone(): void } | null = null;

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.call?.callerGone();
    this.emit('abort');
  }
}

/** Maps an undici failure to the gateway error the caller sees (timeouts → 504, anything else → 502). */
export function upstreamFailure(error: unknown, provider: Provider): GatewayError {
  if (error instanceof GatewayError) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && TIMEOUT_CODES.has(code))
    return new GatewayError(
      'timeout',
      `The upstream provider (${provider.name}) did not answer within ${provider.timeoutMs} ms`,
    );
  return new GatewayError('upstream', `The upstream provider (${provider.name}) could not be reached`);
}

/** The answer of an upstream that sent more than the gateway reads of one answer (GATEWAY_MAX_UPSTREAM_RESPONSE_BYTES). */
export function answerTooLarge(providerName: string | null, maxBytes: number): GatewayError {
  return new GatewayError(
    'upstream',
    `The upstream provider${providerName ? ` (${providerName})` : ''} sent an answer too large for the gateway (over ${maxBytes} bytes)`,
  );
}

/**
 * A streamed upstream body, read up to `maxBytes` in all: past it, the read fails with answerTooLarge (the
 * relay then ends the caller's stream with an error event) and the upstream body is destroyed.
 */
export async function* limitBytes(
  body: AsyncIterable<Buffer>,
  maxBytes: number,
  provider: Provider,
): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) throw answerTooLarge(provider.name, maxBytes);
    yield chunk;
  }
}

/** An attempt's span when the request is traced: each call to an upstream is one attempt. */
function startAttempt(trace: RequestTrace | null, provider: Provider): AttemptTrace | null {
  return trace ? trace.attempt({ providerName: provider.name, origin: originOf(provider.pool) }) : null;
}

export async function callUpstream(
  provider: Provider,
  path: string,
  headers: Record<string, string>,
  body: Buffer | null,
  signal: CallerGone,
  trace: RequestTrace | null = null,
): Promise<Dispatcher.ResponseData> {
  const attempt = startAttempt(trace, provider);
  attempt?.propagate(headers);
  try {
    const response = await provider.pool.request({ path, method: body ? 'POST' : 'GET', headers, body, signal });
    attempt?.answered(response.statusCode);
    return response;
  } catch (error) {
    const failure = upstreamFailure(error, provider);
    attempt?.failed(signal.aborted ? 'caller_closed' : failure.kind);
    throw failure;
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
  maxBytes: number,
  trace: RequestTrace | null = null,
): Promise<BufferedResponse> {
  const attempt = startAttempt(trace, provider);
  attempt?.propagate(headers);
  return new Promise((resolve, reject) => {
    provider.pool.dispatch(
      { path, method: 'POST', headers, body },
      new BufferingHandler(provider, signal, maxBytes, resolve, reject, attempt),
    );
  });
}

/**
 * Collects one response. A class, not an object of closures: the gateway runs
 * under tsx, whose esbuild transform names every closure with an
 * Object.defineProperty call, which is measurable when done per request.
 */
class BufferingHandler implements Dispatcher.DispatchHandler {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private statusCode = 0;
  private headers: IncomingHttpHeaders = {};
  private headersAt = 0;
  private controller: Dispatcher.DispatchController | null = null;

  constructor(
    private readonly provider: Provider,
    private readonly signal: CallerGone,
    private readonly maxBytes: number,
    private readonly resolve: (response: BufferedResponse) => void,
    private readonly reject: (error: GatewayError) => void,
    private readonly attempt: AttemptTrace | null,
  ) {
    signal.call = this;
  }

  callerGone(): void {
    this.controller?.abort(new Error('The caller closed the connection'));
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.signal.aborted) this.callerGone();
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.statusCode = statusCode;
    this.headers = headers;
    this.headersAt = performance.now();
    this.attempt?.answered(statusCode);
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      // What came so far is let go; undici reports the abort to onResponseError with this error.
      this.chunks.length = 0;
      this.controller?.abort(answerTooLarge(this.provider.name, this.maxBytes));
      return;
    }
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    this.signal.call = null;
    const body = this.chunks.length === 1 && this.chunks[0] ? this.chunks[0] : Buffer.concat(this.chunks, this.size);
    this.attempt?.body(body);
    this.resolve({ statusCode: this.statusCode, headers: this.headers, body, headersAt: this.headersAt });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.signal.call = null;
    const failure = upstreamFailure(error, this.provider);
    this.attempt?.failed(this.signal.aborted ? 'caller_closed' : failure.kind);
    this.reject(failure);
  }
}

/** A whole upstream body, at most `maxBytes` of it (answerTooLarge beyond, and the body is destroyed). */
export async function readAll(
  body: AsyncIterable<Buffer>,
  maxBytes: number,
  providerName: string | null = null,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) throw answerTooLarge(providerName, maxBytes);
    chunks.push(chunk);
  }
  return chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, size);
}
