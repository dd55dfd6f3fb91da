import type { ServerResponse } from 'node:http';
import type { WireFormat } from '../providers/provider';

/**
 * Errors in the caller's wire format, so the official SDKs raise their usual
 * exception types (status decides the class; the body carries the message).
 */
export type ErrorKind =
  | 'invalid_request'
  | 'authentication'
  | 'blocked'
  | 'permission'
  | 'not_found'
  | 'too_large'
  | 'rate_limited'
  | 'budget_exceeded'
  | 'upstream'
  | 'timeout'
  | 'unavailable'
  /** The key's account is homed in another region: its requests go to that region's gateway. */
  | 'wrong_region';

const STATUS: Record<ErrorKind, number> = {
  invalid_request: 400,
  authentication: 401,
  blocked: 403,
  permission: 403,
  not_found: 404,
  too_large: 413,
  rate_limited: 429,
  budget_exceeded: 429,
  upstream: 502,
  timeout: 504,
  unavailable: 503,
  // Misdirected Request: this server cannot answer for that key; neither SDK retries it.
  wrong_region: 421,
};

const ANTHROPIC_TYPE: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  blocked: 'permission_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  too_large: 'request_too_large',
  rate_limited: 'rate_limit_error',
  budget_exceeded: 'budget_exceeded',
  upstream: 'api_error',
  timeout: 'api_error',
  unavailable: 'overloaded_error',
  wrong_region: 'invalid_request_error',
};

const OPENAI_TYPE: Record<ErrorKind, { type: string; code: string | null }> = {
  invalid_request: { type: 'invalid_request_error', code: null },
  authentication: { type: 'invalid_request_error', code: 'invalid_api_key' },
  blocked: { type: 'policy_violation', code: 'blocked_by_policy' },
  permission: { type: 'invalid_request_error', code: 'permission_denied' },
  not_found: { type: 'invalid_request_error', code: 'model_not_found' },
  too_large: { type: 'invalid_request_error', code: 'request_too_large' },
  rate_limited: { type: 'requests', code: 'rate_limit_exceeded' },
  budget_exceeded: { type: 'budget_exceeded', code: 'budget_exceeded' },
  upstream: { type: 'server_error', code: 'upstream_error' },
  timeout: { type: 'server_error', code: 'upstream_timeout' },
  unavailable: { type: 'server_error', code: 'service_unavailable' },
  wrong_region: { type: 'invalid_request_error', code: 'wrong_region' },
};

/**
 * Where a rate limit stands, for the headers of every answer: OpenAI's `x-ratelimit-*` or Anthropic's
 * `anthropic-ratelimit-*`; a 429 adds `retry-after` / `retry-after-ms`, which both SDKs read before retrying.
 */
export interface RateLimitState {
  limitRequests: number;
  remainingRequests: number;
  /** Milliseconds until the limit is full again (on a 429: until one more request is allowed). */
  resetRequestsMs: number;
  limitTokens: number;
  remainingTokens: number;
  resetTokensMs: number;
  retryAfterMs: number;
}

export class GatewayError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly matchedRuleIds: string[] = [],
    readonly rateLimit: RateLimitState | null = null,
  ) {
    super(message);
    this.name = 'GatewayError';
  }

  get status(): number {
    return STATUS[this.kind];
  }
}

/**
 * JSON nested deeper than the gateway's recursion reaches (V8's stack overflows while the request is walked or
 * serialised, past a few thousand levels): the caller's request, so a 400, never a 5xx.
 */
export function nestedTooDeep(error: unknown): GatewayError | null {
  if (!(error instanceof RangeError) || !error.message.includes('call stack')) return null;
  return new GatewayError('invalid_request', 'The request body is nested too deeply for the gateway to read');
}

export function errorBody(
  format: WireFormat,
  kind: ErrorKind,
  message: string,
  matchedRuleIds: string[] = [],
): Record<string, unknown> {
  if (format === 'anthropic') return { type: 'error', error: { type: ANTHROPIC_TYPE[kind], message } };
  const { type, code } = OPENAI_TYPE[kind];
  return {
    error: {
      message,
      type,
      param: kind === 'not_found' ? 'model' : null,
      code,
      ...(matchedRuleIds.length ? { matched_rule_ids: matchedRuleIds } : {}),
    },
  };
}

export function writeError(res: ServerResponse, format: WireFormat, error: GatewayError, requestId: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const payload = JSON.stringify(errorBody(format, error.kind, error.message, error.matchedRuleIds));
  res.writeHead(error.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    'x-request-id': requestId,
    ...(error.rateLimit ? retryAfterHeaders(error.rateLimit) : {}),
    // A spent budget does not come back in seconds: both official SDKs skip their automatic retries on this header.
    ...(error.kind === 'budget_exceeded' ? { 'x-should-retry': 'false' } : {}),
    ...(error.rateLimit ? rateLimitHeaders(format, error.rateLimit) : {}),
  });
  res.end(payload);
}

/** OpenAI writes durations as `1s`, `6m0s`, `20ms`. */
function openaiDuration(ms: number): string {
  if (ms < 1000) return `${Math.ceil(ms)}ms`;
  const seconds = Math.ceil(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${seconds % 60}s`;
}

/**
 * RFC 3339 at whole seconds (rounded up). Formatting a Date costs microseconds; each header keeps
 * its own last second, so answers within the same second reuse the text.
 */
class SecondsFormat {
  private second = -1;
  private text = '';

  at(epochMs: number): string {
    const second = Math.ceil(epochMs / 1000);
    if (second !== this.second) {
      this.second = second;
      this.text = `${new Date(second * 1000).toISOString().slice(0, 19)}Z`;
    }
    return this.text;
  }
}
const requestsReset = new SecondsFormat();
const tokensReset = new SecondsFormat();

function retryAfterHeaders(state: RateLimitState): Record<string, string> {
  return {
    'retry-after': String(Math.max(1, Math.ceil(state.retryAfterMs / 1000))),
    'retry-after-ms': String(Math.ceil(state.retryAfterMs)),
  };
}

/** The limit headers of the caller's provider; the gateway sends them on every answer to an admitted request and on 429s. */
export function rateLimitHeaders(format: WireFormat, state: RateLimitState): Record<string, string> {
  if (format === 'anthropic') {
    const now = Date.now();
    return {
      'anthropic-ratelimit-requests-limit': String(state.limitRequests),
      'anthropic-ratelimit-requests-remaining': String(state.remainingRequests),
      'anthropic-ratelimit-requests-reset': requestsReset.at(now + state.resetRequestsMs),
      'anthropic-ratelimit-tokens-limit': String(state.limitTokens),
      'anthropic-ratelimit-tokens-remaining': String(state.remainingTokens),
      'anthropic-ratelimit-tokens-reset': tokensReset.at(now + state.resetTokensMs),
    };
  }
  return {
    'x-ratelimit-limit-requests': String(state.limitRequests),
    'x-ratelimit-remaining-requests': String(state.remainingRequests),
    'x-ratelimit-reset-requests': openaiDuration(state.resetRequestsMs),
    'x-ratelimit-limit-tokens': String(state.limitTokens),
    'x-ratelimit-remaining-tokens': String(state.remainingTokens),
    'x-ratelimit-reset-tokens': openaiDuration(state.resetTokensMs),
  };
}

/** An error event inside an SSE stream, in the caller's format (the SDKs throw on it). */
export function streamErrorFrame(
  format: WireFormat,
  kind: ErrorKind,
  message: string,
  matchedRuleIds: string[] = [],
): string {
  const body = JSON.stringify(errorBody(format, kind, message, matchedRuleIds));
  return format === 'anthropic' ? `event: error\ndata: ${body}\n\n` : `data: ${body}\n\n`;
}

/**
 * An error inside a Responses API stream: its typed `error` event (code,
 * message, param), which also carries the OpenAI error object the SDK raises.
 */
export function responsesStreamErrorFrame(kind: ErrorKind, message: string, matchedRuleIds: string[] = []): string {
  const body = errorBody('openai', kind, message, matchedRuleIds);
  const { code } = OPENAI_TYPE[kind];
  return `event: error\ndata: ${JSON.stringify({ type: 'error', code, message, param: null, ...body })}\n\n`;
}

export function blockedMessage(ruleIds: string[]): string {
  return `Request blocked by policy (matched rules: ${ruleIds.join(', ')})`;
}
