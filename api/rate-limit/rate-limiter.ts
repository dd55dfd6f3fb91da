/**
 * Fixed-window rate limiting behind a small interface. The in-memory
 * implementation counts per process: behind a load balancer with N API
 * instances the effective limit is up to N times higher. A shared store
 * (Redis, Postgres) implements the same interface when that matters.
 */
export interface RateLimitDecision {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

export interface RateLimiter {
  consume(key: string, limit: number, windowSeconds: number): Promise<RateLimitDecision>;
}

export function createInMemoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { startedAt: number; count: number }>();
  let lastSweep = now();
  return {
    consume(key, limit, windowSeconds) {
      const at = now();
      const windowMs = windowSeconds * 1000;
      // Drop finished windows now and then so the map does not grow without bound.
      if (at - lastSweep > 60_000) {
        for (const [k, w] of windows) if (at - w.startedAt >= windowMs) windows.delete(k);
        lastSweep = at;
      }
      let window = windows.get(key);
      if (!window || at - window.startedAt >= windowMs) {
        window = { startedAt: at, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      const allowed = window.count <= limit;
      return Promise.resolve({
        allowed,
        remaining: Math.max(0, limit - window.count),
        retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((window.startedAt + windowMs - at) / 1000)),
      });
    },
  };
}

/** Never limits: for tests that hammer an endpoint on purpose. */
export const unlimitedRateLimiter: RateLimiter = {
  consume: (_key, limit) => Promise.resolve({ allowed: true, remaining: limit, retryAfterSeconds: 0 }),
};
