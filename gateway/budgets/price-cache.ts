import type { Database } from '../../platform/database/database';
import type { Logger } from '../../platform/observability/logger';
import { loadPrices, priceKindOf, PriceBook, type ModelPrice } from '../../platform/pricing/prices';
import type { KeyChangeFeed } from '../auth/key-changes';

/**
 * The price table in memory: read at start, re-read when a price changes
 * (the `model_prices` trigger notifies the key change feed with the payload
 * `model_prices`) and every RELOAD_MS in case a notification was missed. A
 * request's price is a map lookup; the table's few hundred rows are read once
 * per change, never per request.
 */
const RELOAD_MS = 60_000;
const RETRY_MS = 1_000;
/** Price lookups remembered per provider and model; caller-chosen model names must not grow it without bound. */
const MAX_MEMO = 10_000;
export const PRICE_CHANGE_PAYLOAD = 'model_prices';

export interface PriceCache {
  /** The price in force now for a request to `providerName` for `model`, or null when it has none. */
  price(providerName: string, model: string): Promise<ModelPrice | null>;
  /** Completed reads of the table (tests wait on it after a change). */
  readonly loads: number;
  close(): void;
}

export function createPriceCache(deps: { db: Database; logger: Logger; changes?: KeyChangeFeed }): PriceCache {
  let book = new PriceBook([]);
  let loaded: Promise<void> | null = null;
  let loads = 0;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let reloadWanted = false;
  let inflight: Promise<void> | null = null;
  const memo = new Map<string, readonly ModelPrice[] | null>();

  function schedule(ms: number): void {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void reload(), ms);
    timer.unref();
  }

  function reload(): Promise<void> {
    if (inflight) {
      reloadWanted = true;
      return inflight;
    }
    inflight = loadPrices(deps.db)
      .then((prices) => {
        book = new PriceBook(prices);
        memo.clear();
        loads += 1;
        schedule(RELOAD_MS);
      })
      .catch((error: unknown) => {
        deps.logger.warn({ err: { message: (error as Error).message } }, 'price table read failed; retrying');
        schedule(RETRY_MS);
      })
      .finally(() => {
        inflight = null;
        if (reloadWanted) {
          reloadWanted = false;
          void reload();
        }
      });
    return inflight;
  }

  deps.changes?.onChange((payload) => {
    if (payload === PRICE_CHANGE_PAYLOAD) void reload();
  });
  loaded = reload();

  return {
    async price(providerName, model) {
      if (loads === 0) await loaded;
      const kind = priceKindOf(providerName);
      const key = `${kind}\u0000${model}`;
      let versions = memo.get(key);
      if (versions === undefined) {
        versions = book.versionsFor(kind, model);
        if (memo.size >= MAX_MEMO) memo.clear();
        memo.set(key, versions);
      }
      if (!versions) return null;
      const now = Date.now();
      for (const version of versions) if (version.effectiveFrom.getTime() <= now) return version;
      return null;
    },
    get loads() {
      return loads;
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
    },
  };
}
