import { withTimeout, type Database } from '../../platform/database/database';
import type { Logger } from '../../platform/observability/logger';
import { estimateTokens } from '../../platform/policies/evaluate';
import { costMicroUsd, type ModelPrice, type TokenCounts } from '../../platform/pricing/prices';
import type { AuthenticatedKey } from '../auth/key-store';
import type { KeyChangeFeed } from '../auth/key-changes';
import { GatewayError } from '../http/wire-errors';
import { createBudgetLeases } from './budget-leases';
import { createPriceCache, type PriceCache } from './price-cache';

/**
 * A request's cost and its budgets.
 *
 * Before a request is forwarded, `open` takes its price (the version in force
 * now) and, when a budget covers its key or account, reserves an estimate of
 * its cost on every such budget, all or none, from this instance's lease on
 * each (`budget-leases.ts`): a share of the budget's headroom reserved in
 * Postgres, under the budget period's row lock, so what all instances hold
 * never exceeds the limit. When the request ends, `settle` prices the real
 * tokens and settles against the lease: the estimate is released and the real
 * cost counted as spent, whatever happened to the request; the lease flushes
 * spend to Postgres (`budget_settle`) a few times a second.
 *
 * Which keys and accounts have budgets is cached per account and kept current
 * by the key change feed, as the key cache is: an account without budgets
 * costs no database round trip per request.
 */
const MAX_AGE_MS = 900;
const SAFETY_REREAD_MS = 60_000;
const STALE_WAIT_MS = 100;
const LOOKUP_TIMEOUT_MS = 1_500;
const MAX_ACCOUNTS = 10_000;

export interface SpendEstimate {
  /** Estimated prompt tokens (from the prompt's text). */
  promptTokens: number;
  /** The request's completion cap, when it names one. */
  maxTokens: number | undefined;
}

/** A provider and model a request may be answered by: the model itself, or each usable target of an alias. */
export interface PricedTarget {
  provider: string;
  model: string;
}

/** What a request carries from `open` to `settle`. */
export interface SpendTicket {
  /** The candidates' prices, in the order `open` got them (null where a model has none). */
  targets: ReadonlyArray<PricedTarget & { price: ModelPrice | null }>;
  budgetIds: readonly string[];
  month: string;
  reservedMicroUsd: number;
}

export interface SpendControl {
  /**
   * The prices of the targets that may answer and, if budgets apply, a reservation of the costliest one's
   * estimate; throws `budget_exceeded` when a budget cannot hold it.
   */
  open(auth: AuthenticatedKey, targets: readonly PricedTarget[], estimate: SpendEstimate): Promise<SpendTicket>;
  /**
   * The request's cost in micro-dollars at the price of the target that answered (the first target's when none
   * is named; null without a price), settled against its reservation.
   */
  settle(ticket: SpendTicket, tokens: TokenCounts | null, answeredBy?: PricedTarget | null): number | null;
  readonly prices: PriceCache;
  /** Database reads of budget scopes so far (tests use it to see what the cache did). */
  readonly budgetReads: number;
  /** Leases still holding a reservation or spend not yet in Postgres, and writes in flight (0 when all is settled). */
  readonly pendingSettlements: number;
  /** Round trips to lease budget headroom so far (tests use it to see what the leases saved). */
  readonly budgetLeaseCalls: number;
  close(): Promise<void>;
}

interface Scopes {
  account: string | null;
  keys: ReadonlyMap<string, string>;
  /** Budgets that refuse models without a price (`unpriced_models = 'refuse'`). */
  refusingUnpriced: ReadonlySet<string>;
}

interface Entry {
  scopes: Scopes;
  fetchedAt: number;
  readSeq: number;
  inflight: Promise<void> | null;
}

const NONE: Scopes = { account: null, keys: new Map(), refusingUnpriced: new Set() };

/** The first day of `now`'s UTC month (`YYYY-MM-01`), remembered until the month ends. */
let monthCache = { until: 0, from: 0, month: '' };
function monthOf(now: number): string {
  if (now >= monthCache.from && now < monthCache.until) return monthCache.month;
  const date = new Date(now);
  const from = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  const until = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  monthCache = { from, until, month: `${date.toISOString().slice(0, 7)}-01` };
  return monthCache.month;
}

/** The price of the target that answered; the first target's when none is named or it is not a candidate. */
function priceOfAnswer(ticket: SpendTicket, answeredBy: PricedTarget | null | undefined): ModelPrice | null {
  if (answeredBy) {
    const match =
      ticket.targets.find((t) => t.provider === answeredBy.provider && t.model === answeredBy.model) ??
      ticket.targets.find((t) => t.model === answeredBy.model);
    if (match) return match.price;
  }
  return ticket.targets[0]?.price ?? null;
}

export function createSpendControl(deps: {
  db: Database;
  logger: Logger;
  changes?: KeyChangeFeed;
  defaultMaxTokens: number;
  /** How long a stopped gateway's budget leases stay reserved before they are reclaimed. */
  leaseStaleMs?: number;
}): SpendControl {
  const { db, changes, logger } = deps;
  const prices = createPriceCache({ db, logger, ...(changes ? { changes } : {}) });
  const entries = new Map<string, Entry>();
  const leases = createBudgetLeases({ db, logger, ...(deps.leaseStaleMs ? { staleMs: deps.leaseStaleMs } : {}) });
  let budgetReads = 0;
  let changeSeq = 0;
  let forgottenUpTo = 0;
  const lastChangeOf = new Map<string, number>();
  changes?.onChange((accountId) => {
    changeSeq += 1;
    if (lastChangeOf.size >= MAX_ACCOUNTS) {
      lastChangeOf.clear();
      forgottenUpTo = changeSeq - 1;
    }
    lastChangeOf.set(accountId, changeSeq);
  });

  function isCurrent(accountId: string, entry: Entry, now: number): boolean {
    if (entry.fetchedAt === 0) return false;
    if ((lastChangeOf.get(accountId) ?? 0) > entry.readSeq || forgottenUpTo > entry.readSeq) return false;
    const vouched =
      changes && entry.fetchedAt >= changes.listeningSince ? Math.max(entry.fetchedAt, changes.knownUpTo) : 0;
    return now - Math.max(vouched, entry.fetchedAt) < MAX_AGE_MS && now - entry.fetchedAt < SAFETY_REREAD_MS;
  }

  function refresh(accountId: string, entry: Entry): Promise<void> {
    if (entry.inflight) return entry.inflight;
    const readSeq = changeSeq;
    const startedAt = Date.now();
    budgetReads += 1;
    entry.inflight = withTimeout(
      Promise.resolve(db('budgets').where({ account_id: accountId }).select('id', 'api_key_id', 'unpriced_models')),
      LOOKUP_TIMEOUT_MS,
      'budget read',
    )
      .then((rows) => {
        const keys = new Map<string, string>();
        const refusingUnpriced = new Set<string>();
        let account: string | null = null;
        for (const row of rows) {
          if (row.api_key_id === null) account = row.id;
          else keys.set(row.api_key_id, row.id);
          if (row.unpriced_models === 'refuse') refusingUnpriced.add(row.id);
        }
        entry.scopes = account === null && keys.size === 0 ? NONE : { account, keys, refusingUnpriced };
        entry.fetchedAt = startedAt;
        entry.readSeq = readSeq;
      })
      .finally(() => {
        entry.inflight = null;
      });
    return entry.inflight;
  }

  async function scopesOf(accountId: string): Promise<Scopes> {
    const now = Date.now();
    let entry = entries.get(accountId);
    if (entry && isCurrent(accountId, entry, now)) return entry.scopes;
    if (!entry) {
      if (entries.size >= MAX_ACCOUNTS) entries.delete(entries.keys().next().value as string);
      entry = { scopes: NONE, fetchedAt: 0, readSeq: 0, inflight: null };
      entries.set(accountId, entry);
    }
    const read = refresh(accountId, entry);
    if (entry.fetchedAt === 0) {
      try {
        await read;
      } catch {
        throw new GatewayError('unavailable', 'The gateway could not check the budgets of this key; try again');
      }
      return entry.scopes;
    }
    // A known entry waits briefly for its re-read, then is served as last known.
    read.catch(() => undefined);
    await Promise.race([read.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, STALE_WAIT_MS))]);
    return entry.scopes;
  }

  return {
    prices,
    get budgetReads() {
      return budgetReads;
    },
    get pendingSettlements() {
      return leases.outstanding;
    },
    get budgetLeaseCalls() {
      return leases.leaseCalls;
    },

    async open(auth, candidates, estimate) {
      const now = Date.now();
      const targets: Array<PricedTarget & { price: ModelPrice | null }> = [];
      for (const target of candidates)
        targets.push({
          provider: target.provider,
          model: target.model,
          price: await prices.price(target.provider, target.model),
        });
      const scopes = await scopesOf(auth.accountId);
      const keyBudget = scopes.keys.get(auth.keyId);
      const budgetIds = [keyBudget, scopes.account].filter((id): id is string => id !== undefined && id !== null);
      const month = monthOf(now);
      if (budgetIds.length === 0) return { targets, budgetIds, month, reservedMicroUsd: 0 };
      budgetIds.sort();
      const unpriced = targets.find((t) => t.price === null);
      const refusing = unpriced ? budgetIds.find((id) => scopes.refusingUnpriced.has(id)) : undefined;
      if (unpriced && refusing)
        throw new GatewayError(
          'permission',
          `The model "${unpriced.model.slice(0, 200)}" has no price, and ${refusing === keyBudget ? "this API key's" : "this account's"} budget refuses models without one`,
        );
      // Whichever target answers, its cost is within the reservation: the costliest target's estimate. Without a
      // price the cost is unknown: nothing is reserved and nothing spent (documented in docs/gateway.md).
      const tokens = {
        promptTokens: estimate.promptTokens,
        cachedPromptTokens: 0,
        completionTokens: estimate.maxTokens ?? deps.defaultMaxTokens,
      };
      let reserved = 0;
      for (const target of targets) if (target.price) reserved = Math.max(reserved, costMicroUsd(target.price, tokens));
      let refusedBy: string | null;
      try {
        ({ refusedBy } = await leases.reserve(budgetIds, month, reserved));
      } catch {
        throw new GatewayError('unavailable', 'The gateway could not check the budgets of this key; try again');
      }
      if (refusedBy !== null)
        throw new GatewayError(
          'budget_exceeded',
          refusedBy === keyBudget
            ? "This API key's monthly budget is spent (or cannot hold this request's estimated cost)"
            : "This account's monthly budget is spent (or cannot hold this request's estimated cost)",
        );
      return { targets, budgetIds, month, reservedMicroUsd: reserved };
    },

    settle(ticket, tokens, answeredBy) {
      const price = priceOfAnswer(ticket, answeredBy);
      const cost = price && tokens ? costMicroUsd(price, tokens) : null;
      if (ticket.budgetIds.length > 0)
        leases.settle(ticket.budgetIds, ticket.month, ticket.reservedMicroUsd, cost ?? 0);
      return cost;
    },

    async close() {
      prices.close();
      await leases.close();
    },
  };
}

/**
 * A prompt's tokens before the provider counts them: a quarter of its characters (the log's estimate) plus
 * PER_SEGMENT_TOKENS for each piece of text, which covers the roles and framing providers count per message.
 */
const PER_SEGMENT_TOKENS = 8;
export function estimatePromptTokens(promptChars: number, segments: number): number {
  return estimateTokens(promptChars) + PER_SEGMENT_TOKENS * segments;
}

/**
 * The tokens a request is charged for, as its metadata row counts them: the provider's usage where it gave
 * one, the gateway's estimate where a stream ended without it; nothing for a request that failed without usage.
 */
export function billedTokens(outcome: {
  status: number;
  promptChars: number;
  promptTokens: number | null;
  completionTokens: number | null;
  completionEstimate: number;
}): TokenCounts {
  if (outcome.status >= 400 && outcome.promptTokens === null && outcome.completionTokens === null)
    return { promptTokens: 0, cachedPromptTokens: 0, completionTokens: 0 };
  return {
    promptTokens: outcome.promptTokens ?? estimateTokens(outcome.promptChars),
    cachedPromptTokens: 0,
    completionTokens: outcome.completionTokens ?? outcome.completionEstimate,
  };
}
