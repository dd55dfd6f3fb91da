import type { Client } from '@temporalio/client';
import { createPlatformClients, type PlatformClients } from '../platform/clients/platform-clients';
import type { Config, Region } from '../platform/config/config';
import type { Database } from '../platform/database/database';
import { createTemporalClient } from '../platform/temporal/connection';
import { createPostgresRateLimiter, type RateLimiter } from './rate-limit/rate-limiter';

/** Everything a route handler may use; wired once in createApiDeps (production) or test/support/api.ts. */
export interface ApiDeps extends PlatformClients {
  /** Connected on first use, so the API starts (and answers /healthz) without Temporal. */
  temporal: () => Promise<Client>;
  rateLimiter: RateLimiter;
  /**
   * The limiter keeping its counters in a region's database, for what is about a user of that region
   * (per-user limits, failed sign-ins); without it, `rateLimiter` counts everything.
   */
  regionalRateLimiter?: (region: Region) => RateLimiter;
}

/** Memoises a lazy async factory; a failed attempt is retried on the next call. */
export function lazy<T>(factory: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    pending ??= factory().catch((error: unknown) => {
      pending = null;
      throw error;
    });
    return pending;
  };
}

/** One Postgres limiter per regional database, created when a region is first asked for. */
function regionalLimiters(clients: PlatformClients, primary: RateLimiter): (region: Region) => RateLimiter {
  const byDatabase = new Map<Database, RateLimiter>([[clients.db, primary]]);
  return (region) => {
    const db = clients.regions.of(region);
    let limiter = byDatabase.get(db);
    if (!limiter) {
      limiter = createPostgresRateLimiter(db);
      byDatabase.set(db, limiter);
    }
    return limiter;
  };
}

export function createApiDeps(config: Config): ApiDeps & { close(): Promise<void> } {
  const clients = createPlatformClients(config, 'api');
  const temporal = lazy(() => createTemporalClient(config.temporal));
  const rateLimiter = createPostgresRateLimiter(clients.db);
  let temporalUsed = false;
  return {
    ...clients,
    temporal: () => {
      temporalUsed = true;
      return temporal();
    },
    rateLimiter,
    regionalRateLimiter: regionalLimiters(clients, rateLimiter),
    async close() {
      if (temporalUsed)
        await temporal()
          .then((client) => client.connection.close())
          .catch(() => undefined);
      await clients.close();
    },
  };
}
