import { randomUUID } from 'node:crypto';
import { withTimeout, type Database } from '../../platform/database/database';
import type { Logger } from '../../platform/observability/logger';

/**
 * This instance's leases on budgets: a share of each budget's monthly headroom
 * reserved in Postgres for this instance (`budget_lease`, migration
 * 20261208100000), from which requests reserve their estimates in memory.
 *
 * Every request used to reserve and settle in Postgres: two statements per
 * request on one row per budget, which serialise every instance's traffic of
 * an account on that row's lock (the benchmark's budgeted account fell to a
 * tenth of its throughput, with timeouts). With a lease, a request that fits
 * in what the instance holds costs no round trip; one that does not asks for
 * its shortfall plus a margin of LEASE_AHEAD more estimates, granted up to a
 * quarter of the headroom beyond the need, so near the limit the shares shrink
 * and the last requests are reserved one by one.
 *
 * The guarantee is the one per-request reservations gave: what all instances
 * hold never exceeds a budget's limit, so spend can pass the limit only by
 * what admitted requests cost beyond their estimates. Settling is local; every
 * FLUSH_MS the settled costs move to the budget's spend (`budget_settle`,
 * which also records the soft-limit alert), and a lease unused for IDLE_MS is
 * returned whole. What a lease costs: while an instance holds a share, another
 * instance of the same account may be refused a request the budget could
 * still hold (at most a quarter of the headroom, for at most IDLE_MS after its
 * last use).
 *
 * An instance that dies holding a lease: each instance is a holder (a random
 * ID) whose leases are recorded per budget in `budget_lease_holders`
 * (migration 20261209110000) and renewed every staleMs / 6 while it holds any;
 * every instance reclaims, every staleMs / 2, the rows not renewed for staleMs,
 * returning their shares to the budgets. An instance that could not renew for
 * staleMs / 2 (cut off from Postgres) renews before it serves from what it
 * holds, refusing while it cannot; a row found reclaimed is forgotten locally, and its settlements
 * release nothing more (the database clamps them), so a reclaimed share is
 * never released twice.
 */
const FLUSH_MS = 250;
const IDLE_MS = 1_000;
/**
 * Estimates asked for beyond a request's shortfall at first. The margin doubles when the lease ran dry within
 * REFILL_WINDOW_MS of its last refill and halves back when it lasted longer, so a busy account settles at about a
 * round trip per REFILL_WINDOW_MS per instance whatever its rate, within MAX_AHEAD estimates.
 */
const LEASE_AHEAD = 32;
const MAX_AHEAD = 1 << 16;
const REFILL_WINDOW_MS = 1_000;
const LEASE_TIMEOUT_MS = 2_000;

interface Lease {
  readonly budgetId: string;
  readonly month: string;
  /** Reserved in Postgres for this instance and neither returned nor flushed as spend yet. */
  held: number;
  /** Estimates of the requests in flight. */
  open: number;
  /** Costs settled here and not flushed yet (still part of `held`). */
  spent: number;
  lastUsed: number;
  flushing: boolean;
  /** Estimates asked for beyond the shortfall at the next refill. */
  ahead: number;
  lastRefill: number;
}

export type LeaseResult = { refusedBy: null } | { refusedBy: string };

export interface BudgetLeases {
  /** Reserves `estimate` on every budget in `budgetIds` (sorted), all or none: `refusedBy` names a budget that cannot hold it. */
  reserve(budgetIds: readonly string[], month: string, estimate: number): Promise<LeaseResult>;
  /** Releases a request's estimate and records its cost (local; flushed later). */
  settle(budgetIds: readonly string[], month: string, estimate: number, cost: number): void;
  /** Leases holding anything, and writes in flight: 0 once everything is flushed and returned. */
  readonly outstanding: number;
  /** `budget_lease` statements so far (tests and the benchmark read it). */
  readonly leaseCalls: number;
  /** This instance's holder ID in `budget_lease_holders`. */
  readonly holder: string;
  /** Flushes every lease and returns what it holds. */
  close(): Promise<void>;
}

/** How long a holder's lease rows live without renewal before any instance reclaims them (the default). */
export const DEFAULT_LEASE_STALE_MS = 60_000;

export function createBudgetLeases(deps: { db: Database; logger: Logger; staleMs?: number }): BudgetLeases {
  const { db, logger } = deps;
  const staleMs = deps.staleMs ?? DEFAULT_LEASE_STALE_MS;
  const holder = randomUUID();
  const leases = new Map<string, Lease>();
  const writes = new Set<Promise<void>>();
  let leaseCalls = 0;
  /** When this holder's rows were last confirmed renewed (they are fresh when created). */
  let renewedAt = Date.now();

  function leaseOf(budgetId: string, month: string): Lease {
    const key = `${budgetId}/${month}`;
    let lease = leases.get(key);
    if (!lease) {
      const now = Date.now();
      lease = {
        budgetId,
        month,
        held: 0,
        open: 0,
        spent: 0,
        lastUsed: now,
        flushing: false,
        ahead: LEASE_AHEAD,
        lastRefill: 0,
      };
      leases.set(key, lease);
    }
    return lease;
  }

  function track(work: Promise<unknown>): void {
    const done: Promise<void> = work
      .then(() => undefined)
      .catch((error: unknown) => {
        logger.error({ err: { message: (error as Error).message } }, 'budget settlement failed');
      })
      .finally(() => writes.delete(done));
    writes.add(done);
  }

  /** Moves settled costs to the budget's spend; returns the whole lease once idle (or when `all`). */
  function flush(all: boolean): void {
    const now = Date.now();
    for (const [key, lease] of leases) {
      if (lease.flushing) continue;
      const idle = all || (lease.open === 0 && now - lease.lastUsed >= IDLE_MS);
      const cost = lease.spent;
      const unused = idle ? Math.max(0, lease.held - lease.open - cost) : 0;
      const release = Math.min(lease.held, cost) + unused;
      if (cost === 0 && release === 0) {
        if (lease.held <= 0 && lease.open === 0) leases.delete(key);
        continue;
      }
      lease.held -= release;
      lease.spent -= cost;
      lease.flushing = true;
      track(
        db
          .raw('select budget_settle_held(?::uuid, ?::uuid, ?::date, ?::bigint, ?::bigint)', [
            holder,
            lease.budgetId,
            lease.month,
            release,
            cost,
          ])
          .finally(() => {
            lease.flushing = false;
            if (lease.held <= 0 && lease.open === 0 && lease.spent === 0) leases.delete(key);
          }),
      );
    }
  }

  const timer = setInterval(() => flush(false), FLUSH_MS);
  timer.unref();

  /** Renews this holder's rows; a lease whose row is gone was reclaimed, and what it held is no longer held. */
  let renewal: Promise<void> | null = null;
  function renew(): Promise<void> {
    renewal ??= renewOnce().finally(() => (renewal = null));
    return renewal;
  }
  async function renewOnce(): Promise<void> {
    const startedAt = Date.now();
    // Holding nothing, there is nothing to lose: rows written from now on are fresh.
    if (![...leases.values()].some((lease) => lease.held > 0)) {
      renewedAt = startedAt;
      return;
    }
    try {
      const { rows } = await withTimeout(
        db.raw<{ rows: Array<{ budget_id: string; month: Date | string }> }>(
          "update budget_lease_holders set renewed_at = now() where holder = ? returning budget_id, to_char(month, 'YYYY-MM-DD') as month",
          [holder],
        ),
        LEASE_TIMEOUT_MS,
        'budget lease renewal',
      );
      const alive = new Set(rows.map((row) => `${row.budget_id}/${String(row.month)}`));
      for (const [key, lease] of leases)
        if (!alive.has(key) && lease.held > 0 && lease.lastRefill < startedAt) {
          logger.warn({ budgetId: lease.budgetId }, 'budget lease was reclaimed; asking for a new one');
          lease.held = 0;
        }
      renewedAt = startedAt;
    } catch (error) {
      logger.warn({ err: { message: (error as Error).message } }, 'budget lease renewal failed');
    }
  }
  const renewTimer = setInterval(() => void renew(), Math.max(50, Math.floor(staleMs / 6)));
  renewTimer.unref();
  let reclaiming: Promise<void> | null = null;
  const reclaimTimer = setInterval(
    () => {
      reclaiming ??= reclaim().finally(() => (reclaiming = null));
    },
    Math.max(100, Math.floor(staleMs / 2)),
  );
  /** Returns the shares of holders that stopped renewing (gateways that died) to their budgets. */
  async function reclaim(): Promise<void> {
    try {
      const { rows } = await db.raw<{ rows: Array<{ reclaimed: number }> }>(
        "select budget_reclaim_leases(? * interval '1 millisecond') as reclaimed",
        [staleMs],
      );
      const reclaimed = Number(rows[0]?.reclaimed ?? 0);
      if (reclaimed > 0) logger.warn({ reclaimed }, 'budget leases of a stopped gateway returned to their budgets');
    } catch (error) {
      logger.warn({ err: { message: (error as Error).message } }, 'budget lease reclaim failed');
    }
  }
  reclaimTimer.unref();

  return {
    get outstanding() {
      return leases.size + writes.size;
    },
    get leaseCalls() {
      return leaseCalls;
    },
    holder,

    async reserve(budgetIds, month, estimate) {
      const held = budgetIds.map((id) => leaseOf(id, month));
      // Not renewed for half the stale time (cut off from Postgres): what this instance holds may have been
      // reclaimed. Renew first; serving from it without knowing could spend another instance's share.
      if (Date.now() - renewedAt >= staleMs / 2) {
        await renew();
        if (Date.now() - renewedAt >= staleMs / 2) throw new Error('budget leases could not be renewed');
      }
      const now = Date.now();
      const needs: number[] = [];
      for (const lease of held) {
        lease.open += estimate;
        lease.lastUsed = now;
        // Its own estimate at most: requests in flight before it asked for theirs, so the asks sum to the shortfall.
        needs.push(Math.min(estimate, Math.max(0, lease.open + lease.spent - lease.held)));
      }
      if (needs.every((need) => need === 0)) return { refusedBy: null };
      const wants = held.map((lease, i) => {
        if (needs[i] === 0) return 0;
        lease.ahead =
          now - lease.lastRefill < REFILL_WINDOW_MS
            ? Math.min(MAX_AHEAD, lease.ahead * 2)
            : Math.max(LEASE_AHEAD, lease.ahead / 2);
        lease.lastRefill = now;
        return (needs[i] ?? 0) + lease.ahead * estimate;
      });

      leaseCalls += 1;
      let row: { refused_by: string | null; granted: string[] | null } | undefined;
      try {
        const { rows } = await withTimeout(
          db.raw<{ rows: Array<{ refused_by: string | null; granted: string[] | null }> }>(
            'select refused_by, granted from budget_lease_held(?::uuid, ?::uuid[], ?::date, ?::bigint[], ?::bigint[])',
            [holder, [...budgetIds], month, needs, wants],
          ),
          LEASE_TIMEOUT_MS,
          'budget lease',
        );
        row = rows[0];
      } catch (error) {
        for (const lease of held) lease.open -= estimate;
        throw error;
      }
      if (!row || row.refused_by !== null || !row.granted) {
        for (const lease of held) lease.open -= estimate;
        return { refusedBy: row?.refused_by ?? budgetIds[0] ?? '' };
      }
      row.granted.forEach((granted, i) => {
        const lease = held[i];
        if (lease) lease.held += Number(granted);
      });
      return { refusedBy: null };
    },

    settle(budgetIds, month, estimate, cost) {
      const now = Date.now();
      for (const id of budgetIds) {
        const lease = leaseOf(id, month);
        lease.open -= estimate;
        lease.spent += cost;
        lease.lastUsed = now;
      }
    },

    async close() {
      clearInterval(timer);
      clearInterval(renewTimer);
      clearInterval(reclaimTimer);
      await Promise.all([reclaiming, renewal]);
      // Twice: a lease whose write was in flight at the first pass is flushed at the second.
      flush(true);
      await Promise.all([...writes]);
      flush(true);
      await Promise.all([...writes]);
    },
  };
}
