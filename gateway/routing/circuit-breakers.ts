/**
 * One circuit breaker per alias target (connection + upstream model), in
 * process: each gateway instance learns on its own that a target is failing.
 *
 * Closed: every attempt goes through; `threshold` consecutive failures (429,
 * 5xx, connect failures, timeouts; each retry counts) open it. Open: the
 * target is skipped until `cooldownMs` have passed since it opened. Then it
 * is half-open: one request probes it; success closes it, failure opens it
 * for another cool-down. Any answer that is not a failure (2xx, other 4xx)
 * resets the count.
 */
interface BreakerState {
  failures: number;
  /** 0 while closed. */
  openedAt: number;
  probing: boolean;
}

/** Entries beyond this are dropped oldest first (a closed breaker with no failures holds no state at all). */
const MAX_BREAKERS = 10_000;

export type BreakerAdmission = 'closed' | 'probe' | 'open';

export class CircuitBreakers {
  private readonly states = new Map<string, BreakerState>();

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
    private readonly onOpen: (key: string) => void = () => {},
  ) {}

  /** Whether an attempt on `key` may go now; a `probe` must be followed by success, failure or abandon. */
  admit(key: string): BreakerAdmission {
    const state = this.states.get(key);
    if (!state || state.openedAt === 0) return 'closed';
    if (state.probing || this.now() - state.openedAt < this.cooldownMs) return 'open';
    state.probing = true;
    return 'probe';
  }

  success(key: string): void {
    this.states.delete(key);
  }

  failure(key: string): void {
    let state = this.states.get(key);
    if (!state) {
      if (this.states.size >= MAX_BREAKERS) {
        const oldest = this.states.keys().next();
        if (!oldest.done) this.states.delete(oldest.value);
      }
      state = { failures: 0, openedAt: 0, probing: false };
      this.states.set(key, state);
    }
    state.failures += 1;
    if (state.probing || (state.openedAt === 0 && state.failures >= this.threshold)) {
      state.openedAt = this.now();
      state.probing = false;
      this.onOpen(key);
    }
  }

  /** A probe that ended without a verdict (the caller left): the next request may probe again. */
  abandon(key: string): void {
    const state = this.states.get(key);
    if (state) state.probing = false;
  }

  isOpen(key: string): boolean {
    return (this.states.get(key)?.openedAt ?? 0) !== 0;
  }
}
