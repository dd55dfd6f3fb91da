import type { Client } from '@temporalio/client';
import { createPlatformClients, type PlatformClients } from '../platform/clients/platform-clients';
import type { Config } from '../platform/config/config';
import { createTemporalClient } from '../platform/temporal/connection';
import { createPostgresRateLimiter, type RateLimiter } from './rate-limit/rate-limiter';

/** Everything a route handler may use; wired once in createApiDeps (production) or test/support/api.ts. */
export interface ApiDeps extends PlatformClients {
  /** Connected on first use, so the API starts (and answers /healthz) without Temporal. */
  temporal: () => Promise<Client>;
  rateLimiter: RateLimiter;
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

export function createApiDeps(config: Config): ApiDeps & { close(): Promise<void> } {
  const clients = createPlatformClients(config, 'api');
  const temporal = lazy(() => createTemporalClient(config.temporal));
  let temporalUsed = false;
  return {
    ...clients,
    temporal: () => {
      temporalUsed = true;
      return temporal();
    },
    rateLimiter: createPostgresRateLimiter(clients.db),
    async close() {
      if (temporalUsed)
        await temporal()
          .then((client) => client.connection.close())
          .catch(() => undefined);
      await clients.close();
    },
  };
}
