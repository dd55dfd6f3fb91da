import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Database } from '../../platform/database/database';

/**
 * Fixed-window counters behind a small interface, kept by
 * rate-limiter-flexible: in Postgres in production, so every API instance
 * counts against the same limit; in memory for tests.
 */
export interface RateLimitDecision {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
  /** Consumptions in the current window, this one included. */
  count: number;
}

export interface RateLimiter {
  consume(key: string, limit: number, windowSeconds: number): Promise<RateLimitDecision>;
  /** Refuses `key` for `seconds` (see blockedFor), e.g. a backoff after failed log-ins. */
  block(key: string, seconds: number): Promise<void>;
  /** Seconds left on the key's block; 0 when there is none. */
  blockedFor(key: string): Promise<number>;
  /** Forgets the key's window and block (e.g. after a successful log-in). */
  reset(key: string, windowSeconds: number): Promise<void>;
}

type StoreFactory = (options: { points: number; duration: number; keyPrefix: string }) => RateLimiterAbstract;

const secondsUntil = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

function createRateLimiter(store: StoreFactory): RateLimiter {
  const windows = new Map<string, RateLimiterAbstract>();
  const windowFor = (limit: number, windowSeconds: number) => {
    const id = `${limit}/${windowSeconds}`;
    let limiter = windows.get(id);
    if (!limiter) {
      // One key space per window length: a key's count does not depend on the limit it is held to.
      limiter = store({ points: limit, duration: windowSeconds, keyPrefix: `w${windowSeconds}` });
      windows.set(id, limiter);
    }
    return limiter;
  };
  const blocks = store({ points: 1, duration: 1, keyPrefix: 'block' });
  return {
    async consume(key, limit, windowSeconds) {
      try {
        const result = await windowFor(limit, windowSeconds).consume(key);
        return { allowed: true, remaining: result.remainingPoints, retryAfterSeconds: 0, count: result.consumedPoints };
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        return {
          allowed: false,
          remaining: 0,
          retryAfterSeconds: secondsUntil(rejection.msBeforeNext),
          count: rejection.consumedPoints,
        };
      }
    },
    async block(key, seconds) {
      await blocks.block(key, seconds);
    },
    async blockedFor(key) {
      const result = await blocks.get(key);
      return result && result.consumedPoints > 1 && result.msBeforeNext > 0 ? secondsUntil(result.msBeforeNext) : 0;
    },
    async reset(key, windowSeconds) {
      const sameWindow = [...windows.values()].filter((limiter) => limiter.keyPrefix === `w${windowSeconds}`);
      await Promise.all([blocks, ...sameWindow].map((limiter) => limiter.delete(key)));
    },
  };
}

/** Counters in `api_rate_limit_counters`, shared by every instance on the database. */
export function createPostgresRateLimiter(db: Database): RateLimiter {
  return createRateLimiter(
    (options) =>
      new RateLimiterPostgres({
        ...options,
        storeClient: db,
        storeType: 'knex',
        tableName: 'api_rate_limit_counters',
        tableCreated: true,
      }),
  );
}

/** Counters in this process only (tests of the limits themselves). */
export function createInMemoryRateLimiter(): RateLimiter {
  return createRateLimiter((options) => new RateLimiterMemory(options));
}

/** Never limits: for tests that hammer an endpoint on purpose. */
export const unlimitedRateLimiter: RateLimiter = {
  consume: (_key, limit) => Promise.resolve({ allowed: true, remaining: limit, retryAfterSeconds: 0, count: 0 }),
  block: () => Promise.resolve(),
  blockedFor: () => Promise.resolve(0),
  reset: () => Promise.resolve(),
};
