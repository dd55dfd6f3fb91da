import type Stripe from 'stripe';
import { createStripeClient } from '../billing/stripe-client';
import type { Config } from '../config/config';
import { createDatabase, type Database } from '../database/database';
import { createMailer, type Mailer } from '../mail/mailer';
import { createLogger, type Logger } from '../observability/logger';
import { createRegionalDatabases, type RegionalDatabases } from '../regions/regional-databases';
import { createObjectStorage, type ObjectStorage } from '../storage/object-storage';
import { REGIONS, type Region } from '../config/config';

/** The clients every process builds from its configuration: what the worker's activities and the API's routes use. */
export interface PlatformClients {
  config: Config;
  /** The database this process works on by default: the primary region's (API), or the worker's region's. */
  db: Database;
  /** Every region's database this process serves, and the global directory's. */
  regions: RegionalDatabases;
  storage: ObjectStorage;
  mailer: Mailer;
  stripe: Stripe;
  logger: Logger;
}

/** Clients the caller already holds (tests: the per-file database, a stubbed Stripe); they stay the caller's to close. */
export type GivenClients = Partial<Pick<PlatformClients, 'db' | 'stripe' | 'logger' | 'regions'>>;

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
  serves: readonly Region[] = REGIONS,
): PlatformClients & { close: () => Promise<void> } {
  const db =
    given.db ??
    createDatabase({
      url: config.database.url,
      poolMax: config.database.poolMax,
      applicationName: `autrace-${service}`,
    });
  const regions =
    given.regions ??
    createRegionalDatabases(config, `autrace-${service}`, serves, { byUrl: new Map([[config.database.url, db]]) });
  const storage = createObjectStorage(config.s3);
  const mailer = createMailer(config.mail);
  return {
    config,
    db,
    regions,
    storage,
    mailer,
    stripe: given.stripe ?? createStripeClient(config.stripe),
    logger: given.logger ?? createLogger(config, service),
    close: async () => {
      mailer.close();
      storage.destroy();
      if (!given.regions) await regions.close();
      if (!given.db) await db.destroy();
    },
  };
}
