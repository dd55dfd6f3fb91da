import type { Client } from '@temporalio/client';
import type Stripe from 'stripe';
import { createStripeClient } from '../platform/billing/stripe-client';
import type { Config } from '../platform/config/config';
import { createDatabase, type Database } from '../platform/database/database';
import { createMailer, type Mailer } from '../platform/mail/mailer';
import { createLogger, type Logger } from '../platform/observability/logger';
import { createObjectStorage, type ObjectStorage } from '../platform/storage/object-storage';
import { createTemporalClient } from '../platform/temporal/connection';
import { createInMemoryRateLimiter, type RateLimiter } from './rate-limit/rate-limiter';

/** Everything a route handler may use; wired once in createApiDeps (production) or test/support/api.ts. */
export interface ApiDeps {
  config: Config;
  db: Database;
  logger: Logger;
  mailer: Mailer;
  storage: ObjectStorage;
  stripe: Stripe;
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
  const db = createDatabase({
    url: config.database.url,
    poolMax: config.database.poolMax,
    applicationName: 'autrace-api',
  });
  const mailer = createMailer(config.mail);
  const storage = createObjectStorage(config.s3);
  const temporal = lazy(() => createTemporalClient(config.temporal));
  let temporalUsed = false;
  return {
    config,
    db,
    logger: createLogger(config, 'api'),
    mailer,
    storage,
    stripe: createStripeClient(config.stripe),
    temporal: () => {
      temporalUsed = true;
      return temporal();
    },
    rateLimiter: createInMemoryRateLimiter(),
    async close() {
      if (temporalUsed)
        await temporal()
          .then((client) => client.connection.close())
          .catch(() => undefined);
      mailer.close();
      storage.destroy();
      await db.destroy();
    },
  };
}
