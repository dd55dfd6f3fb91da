import type Stripe from 'stripe';
import { createStripeClient } from '../billing/stripe-client';
import type { Config } from '../config/config';
import { createDatabase, type Database } from '../database/database';
import { createMailer, type Mailer } from '../mail/mailer';
import { createLogger, type Logger } from '../observability/logger';
import { createObjectStorage, type ObjectStorage } from '../storage/object-storage';

/** The clients every process builds from its configuration: what the worker's activities and the API's routes use. */
export interface PlatformClients {
  config: Config;
  db: Database;
  storage: ObjectStorage;
  mailer: Mailer;
  stripe: Stripe;
  logger: Logger;
}

/** Clients the caller already holds (tests: the per-file database, a stubbed Stripe); they stay the caller's to close. */
export type GivenClients = Partial<Pick<PlatformClients, 'db' | 'stripe' | 'logger'>>;

/**
 * Wires the real clients from configuration, in one place, for the process
 * named `service` ("api", "worker"): it names the database connections
 * (`autrace-<service>` in pg_stat_activity) and the logger. close() closes
 * what was created here.
 */
export function createPlatformClients(
  config: Config,
  service: string,
  given: GivenClients = {},
): PlatformClients & { close: () => Promise<void> } {
  const db =
    given.db ??
    createDatabase({
      url: config.database.url,
      poolMax: config.database.poolMax,
      applicationName: `autrace-${service}`,
    });
  const storage = createObjectStorage(config.s3);
  const mailer = createMailer(config.mail);
  return {
    config,
    db,
    storage,
    mailer,
    stripe: given.stripe ?? createStripeClient(config.stripe),
    logger: given.logger ?? createLogger(config, service),
    close: async () => {
      mailer.close();
      storage.destroy();
      if (!given.db) await db.destroy();
    },
  };
}
