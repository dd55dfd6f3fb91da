import type { EffectiveRateLimits, RateLimits } from '../../platform/billing/plans';
import { GatewayError, type RateLimitState } from '../http/wire-errors';

/**
 * Per key and per account: requests per minute, tokens per minute and
 * requests in flight, enforced in memory with no database call on the hot
 * path.
 *
 * Across instances, each gateway enforces its share of every limit: the limit
 * divided by GATEWAY_INSTANCE_COUNT (rounded down, at least 1). Behind a load
 * balancer that spreads requests evenly, the instances together admit at most
 * the limit; when the spread is uneven, a caller is limited early (never
 * late) on the busier instance. The instance count is configuration, so
 * scaling out means updating it (see docs/gateway.md).
 *
 * Requests and tokens are token buckets that refill continuously: a full
 * bucket holds one minute's share, so a caller may burst up to it. Tokens are
 * only known once the completion is done, so a request is admitted while the
 * token bucket is above zero and its tokens are taken when it ends; the bucket
 * may go below zero, and then the caller waits until it has refilled.
 */

interface Bucket {
  requests: number;
  tokens: number;
  inflight: number;
  /** Date.now() of the last refill. */
  at: number;
  /** The shares this bucket was last refilled at (limits can change between requests). */
  limits: RateLimits;
}

export interface Permit {
  key: Bucket;
  account: Bucket;
  released: boolean;
}

export interface RateLimiter {
  /** Admits a request or throws a 429 GatewayError carrying the limit's state for the headers. */
  admit(keyId: string, accountId: string, limits: EffectiveRateLimits): Permit;
  /**
   * Where the limits stand for an admitted request, for its answer's headers: per measure, the bucket
   * (key or account) with less left, its remaining share and the time until it is full again.
   */
  standing(permit: Permit): RateLimitState;
  /** The request is done: its slot is freed and its tokens are taken. */
  release(permit: Permit, tokens: number): void;
  /** Buckets held (a metric, and a bound the tests check). */
  readonly size: number;
  close(): void;
}

const MINUTE_MS = 60_000;
/** Buckets full again and idle for this long are forgotten (a new bucket starts full, so nothing changes). */
const IDLE_SWEEP_MS = 60_000;

export function createRateLimiter(options: { instanceCount: number }): RateLimiter {
  const instances = options.instanceCount;
  const keys = new Map<string, Bucket>();
  const accounts = new Map<string, Bucket>();

  const share = (limit: number) => Math.max(1, Math.floor(limit / instances));

  function sharesOf(limits: RateLimits): RateLimits {
    return {
      requestsPerMinute: share(limits.requestsPerMinute),
      tokensPerMinute: share(limits.tokensPerMinute),
      concurrentRequests: share(limits.concurrentRequests),
    };
  }

  function bucketFor(map: Map<string, Bucket>, id: string, limits: RateLimits, now: number): Bucket {
    let bucket = map.get(id);
    if (!bucket) {
      const shares = sharesOf(limits);
      bucket = { requests: shares.requestsPerMinute, tokens: shares.tokensPerMinute, inflight: 0, at: now, limits };
      map.set(id, bucket);
      return bucket;
    }
    if (bucket.limits !== limits) bucket.limits = limits;
    const elapsed = now - bucket.at;
    if (elapsed > 0) {
      const rpm = share(limits.requestsPerMinute);
      const tpm = share(limits.tokensPerMinute);
      bucket.requests = Math.min(rpm, bucket.requests + (elapsed * rpm) / MINUTE_MS);
      bucket.tokens = Math.min(tpm, bucket.tokens + (elapsed * tpm) / MINUTE_MS);
      bucket.at = now;
    }
    return bucket;
  }

  function refusal(scope: 'key' | 'account', bucket: Bucket): GatewayError {
    const rpm = share(bucket.limits.requestsPerMinute);
    const tpm = share(bucket.limits.tokensPerMinute);
    const concurrent = share(bucket.limits.concurrentRequests);
    const requestsWaitMs = bucket.requests >= 1 ? 0 : ((1 - bucket.requests) * MINUTE_MS) / rpm;
    const tokensWaitMs = bucket.tokens > 0 ? 0 : ((1 - bucket.tokens) * MINUTE_MS) / tpm;
    // A slot frees when some request ends; a second is a fair guess for a caller to come back.
    const slotWaitMs = bucket.inflight >= concurrent ? 1_000 : 0;
    const state: RateLimitState = {
      limitRequests: rpm,
      remainingRequests: Math.max(0, Math.floor(bucket.requests)),
      resetRequestsMs: requestsWaitMs,
      limitTokens: tpm,
      remainingTokens: Math.max(0, Math.floor(bucket.tokens)),
      resetTokensMs: tokensWaitMs,
      retryAfterMs: Math.max(requestsWaitMs, tokensWaitMs, slotWaitMs),
    };
    const what =
      slotWaitMs > 0
        ? `${concurrent} concurrent requests`
        : tokensWaitMs > 0
          ? `${tpm} tokens per minute`
          : `${rpm} requests per minute`;
    return new GatewayError(
      'rate_limited',
      `Rate limit reached for this ${scope === 'key' ? 'API key' : 'account'}: ${what}`,
      [],
      state,
    );
  }

  function blocks(bucket: Bucket): boolean {
    return bucket.requests < 1 || bucket.tokens <= 0 || bucket.inflight >= share(bucket.limits.concurrentRequests);
  }

  function sweep(map: Map<string, Bucket>, now: number): void {
    for (const [id, bucket] of map) {
      if (bucket.inflight === 0 && now - bucket.at > IDLE_SWEEP_MS) map.delete(id);
    }
  }
  const sweeper = setInterval(() => {
    const now = Date.now();
    sweep(keys, now);
    sweep(accounts, now);
  }, IDLE_SWEEP_MS);
  sweeper.unref();

  return {
    admit(keyId, accountId, limits) {
      const now = Date.now();
      const key = bucketFor(keys, keyId, limits.perKey, now);
      if (blocks(key)) throw refusal('key', key);
      const account = bucketFor(accounts, accountId, limits.account, now);
      if (blocks(account)) throw refusal('account', account);
      key.requests -= 1;
      account.requests -= 1;
      key.inflight += 1;
      account.inflight += 1;
      return { key, account, released: false };
    },
    standing(permit) {
      const { key, account } = permit;
      const requests = key.requests <= account.requests ? key : account;
      const tokens = key.tokens <= account.tokens ? key : account;
      const rpm = share(requests.limits.requestsPerMinute);
      const tpm = share(tokens.limits.tokensPerMinute);
      return {
        limitRequests: rpm,
        remainingRequests: Math.max(0, Math.floor(requests.requests)),
        resetRequestsMs: (Math.max(0, rpm - requests.requests) * MINUTE_MS) / rpm,
        limitTokens: tpm,
        remainingTokens: Math.max(0, Math.floor(tokens.tokens)),
        resetTokensMs: (Math.max(0, tpm - tokens.tokens) * MINUTE_MS) / tpm,
        retryAfterMs: 0,
      };
    },
    release(permit, tokens) {
      if (permit.released) return;
      permit.released = true;
      permit.key.inflight -= 1;
      permit.account.inflight -= 1;
      permit.key.tokens -= tokens;
      permit.account.tokens -= tokens;
    },
    get size() {
      return keys.size + accounts.size;
    },
    close() {
      clearInterval(sweeper);
    },
  };
}
