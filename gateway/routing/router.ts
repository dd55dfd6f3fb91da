import type { IncomingHttpHeaders } from 'node:http';
import type { RouteAttemptRecord, RouteFailure } from '../../platform/database/tables';
import { GatewayError } from '../http/wire-errors';
import type { Endpoint, Provider } from '../providers/provider';
import type { CallerGone } from '../proxy/upstream';
import { targetServes, type AliasRoute, type RouteTarget } from './alias-route';
import { CircuitBreakers } from './circuit-breakers';

/**
 * Turns an alias into attempts: targets by priority (lower first), those of
 * equal priority in a weighted random order (a target of weight 3 comes
 * first three times as often as one of weight 1), skipping targets whose
 * circuit is open. Each target is retried on 429, 5xx, connect failures and
 * timeouts with full-jitter exponential backoff (a random wait up to
 * base·2^retry, capped), then the next target is tried.
 *
 * Only what happens before the caller has seen a byte goes through here: the
 * proxy calls `run` for the upstream call and starts writing to the caller
 * after it returns. A stream that started and then fails is the caller's
 * failure, never retried. A caller that hangs up stops the attempts.
 */
export interface RoutingSettings {
  backoffBaseMs: number;
  backoffMaxMs: number;
  breakerFailures: number;
  breakerCooldownMs: number;
}

/** However many targets and retries an alias has, no request makes more upstream calls than this. */
export const MAX_CALLS_PER_REQUEST = 10;

/** What the request log keeps of a routed request (platform/database/tables.ts, RouteAttemptRecord). */
export interface RouteTrace {
  alias: string;
  attempts: RouteAttemptRecord[];
  /** Upstream calls made (targets skipped for an open circuit or an unusable connection are not calls). */
  calls: number;
  /** Index into `attempts` of the attempt whose answer went to the caller; null when none did. */
  answered: number | null;
}

export interface UpstreamAnswer {
  statusCode: number;
  headers: IncomingHttpHeaders;
}

/** How the proxy makes one upstream call (buffered or streamed) and reads a failed answer's body. */
export interface AttemptCalls<R extends UpstreamAnswer> {
  /** One call; transport failures (connect, timeout) are thrown as GatewayError. */
  call(provider: Provider, model: string): Promise<R>;
  /** The body of an answer that may be retried (read now: the answer might be the one the caller gets). */
  errorBody(response: R): Promise<Buffer>;
}

export interface RoutedAnswer<R> {
  provider: Provider;
  response: R;
  /** Set when the answer is a failure kept after every attempt was spent: its body, already read. */
  errorBody: Buffer | null;
}

export interface Router {
  run<R extends UpstreamAnswer>(
    route: AliasRoute,
    endpoint: Endpoint,
    signal: CallerGone,
    trace: RouteTrace,
    calls: AttemptCalls<R>,
  ): Promise<RoutedAnswer<R>>;
  readonly breakers: CircuitBreakers;
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/** Targets serving `endpoint`, by priority, each priority's targets in a weighted random order. */
export function attemptOrder(
  targets: readonly RouteTarget[],
  endpoint: Endpoint,
  random: () => number = Math.random,
): RouteTarget[] {
  const serving = targets.filter((t) => targetServes(t, endpoint));
  const priorities = [...new Set(serving.map((t) => t.priority))].sort((a, b) => a - b);
  const order: RouteTarget[] = [];
  for (const priority of priorities) {
    const group = serving.filter((t) => t.priority === priority);
    let total = group.reduce((sum, t) => sum + t.weight, 0);
    while (group.length > 0) {
      let point = random() * total;
      let index = 0;
      while (index < group.length - 1 && point >= (group[index]?.weight ?? 0)) point -= group[index++]?.weight ?? 0;
      const [chosen] = group.splice(index, 1);
      if (!chosen) break;
      order.push(chosen);
      total -= chosen.weight;
    }
  }
  return order;
}

/** Seconds (or `retry-after-ms`) the upstream asked us to wait; null when it did not say. */
function retryAfterMs(headers: IncomingHttpHeaders): number | null {
  const ms = headers['retry-after-ms'];
  if (typeof ms === 'string' && /^\d+(\.\d+)?$/.test(ms)) return Number(ms);
  const seconds = headers['retry-after'];
  if (typeof seconds === 'string' && /^\d+(\.\d+)?$/.test(seconds)) return Number(seconds) * 1000;
  return null;
}

/** Resolves after `ms`, or as soon as the caller hangs up. */
function pause(ms: number, signal: CallerGone): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.off('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.once('abort', done);
  });
}

const callerLeft = () => new GatewayError('upstream', 'The caller closed the connection');

export function createRouter(
  settings: RoutingSettings,
  options: { random?: () => number; onBreakerOpen?: (key: string) => void } = {},
): Router {
  const random = options.random ?? Math.random;
  const breakers = new CircuitBreakers(
    settings.breakerFailures,
    settings.breakerCooldownMs,
    Date.now,
    options.onBreakerOpen,
  );

  /** Full jitter; a longer Retry-After than the cap means: not this target again now. */
  function backoff(retry: number, headers: IncomingHttpHeaders | null): number | null {
    const jitter = random() * Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** retry);
    const asked = headers ? retryAfterMs(headers) : null;
    if (asked === null) return jitter;
    return asked > settings.backoffMaxMs ? null : Math.max(jitter, asked);
  }

  async function run<R extends UpstreamAnswer>(
    route: AliasRoute,
    endpoint: Endpoint,
    signal: CallerGone,
    trace: RouteTrace,
    calls: AttemptCalls<R>,
  ): Promise<RoutedAnswer<R>> {
    const plan = attemptOrder(route.targets, endpoint, random);
    if (plan.length === 0)
      throw new GatewayError('not_found', `The model alias "${route.alias}" has no target that serves this endpoint`);
    let kept: (RoutedAnswer<R> & { index: number }) | null = null;
    let lastError: GatewayError | null = null;
    const note = (target: RouteTarget, status: number, failure: RouteFailure | null) =>
      trace.attempts.push({ connectionId: target.connectionId, model: target.model, status, failure }) - 1;

    for (const target of plan) {
      if (trace.calls >= MAX_CALLS_PER_REQUEST) break;
      const provider = target.provider;
      if (!provider) {
        note(target, 0, 'unusable');
        lastError = new GatewayError(
          'upstream',
          `The account's provider connection for "${target.model}" cannot be used: ${target.refusal ?? 'refused'}`,
        );
        continue;
      }
      const admission = breakers.admit(target.key);
      if (admission === 'open') {
        note(target, 0, 'circuit_open');
        continue;
      }
      for (let retry = 0; ; retry++) {
        if (signal.aborted) {
          if (admission === 'probe') breakers.abandon(target.key);
          throw callerLeft();
        }
        trace.calls += 1;
        let response: R;
        try {
          response = await calls.call(provider, target.model);
        } catch (error) {
          if (signal.aborted) {
            if (admission === 'probe') breakers.abandon(target.key);
            throw callerLeft();
          }
          // The caller's own fault (a body the gateway cannot serialise for this target) is no target's failure.
          if (!(error instanceof GatewayError) || error.kind === 'invalid_request') throw error;
          note(target, 0, error.kind === 'timeout' ? 'timeout' : 'connect');
          breakers.failure(target.key);
          lastError = error;
          kept = null;
          if (retry >= route.retries || breakers.isOpen(target.key) || trace.calls >= MAX_CALLS_PER_REQUEST) break;
          const wait = backoff(retry, null);
          if (wait === null) break;
          await pause(wait, signal);
          continue;
        }
        if (!isRetryableStatus(response.statusCode)) {
          breakers.success(target.key);
          trace.answered = note(target, response.statusCode, null);
          return { provider, response, errorBody: null };
        }
        let errorBody: Buffer;
        try {
          errorBody = await calls.errorBody(response);
        } catch {
          errorBody = Buffer.alloc(0); // the failed answer broke off too; its status still says what happened
        }
        breakers.failure(target.key);
        kept = { provider, response, errorBody, index: note(target, response.statusCode, 'http') };
        lastError = null;
        if (retry >= route.retries || breakers.isOpen(target.key) || trace.calls >= MAX_CALLS_PER_REQUEST) break;
        const wait = backoff(retry, response.headers);
        if (wait === null) break;
        await pause(wait, signal);
      }
    }
    if (signal.aborted) throw callerLeft();
    if (kept) {
      // Every attempt spent: the last upstream's own error goes to the caller (its SDK raises RateLimitError…).
      trace.answered = kept.index;
      return { provider: kept.provider, response: kept.response, errorBody: kept.errorBody };
    }
    throw (
      lastError ??
      new GatewayError(
        'unavailable',
        `Every target of the model alias "${route.alias}" is failing; try again in ${Math.ceil(settings.breakerCooldownMs / 1000)} s`,
      )
    );
  }

  return { run, breakers };
}
