import { createActivities, type ActivityDeps } from '..';
import { createStripeClient } from '../../platform/billing/stripe-client';
import type { Config } from '../../platform/config/config';
import { createDatabase } from '../../platform/database/database';
import { createMailer } from '../../platform/mail/mailer';
import { createLogger } from '../../platform/observability/logger';
import { createObjectStorage } from '../../platform/storage/object-storage';

/** Wires the real clients from configuration, in one place. */
export function createServices(config: Config, service: string): ActivityDeps & { close(): Promise<void> } {
  const db = createDatabase({
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
    stripe: createStripeClient(config.stripe),
    logger: createLogger(config, service),
    async close() {
      mailer.close();
      storage.destroy();
      await db.destroy();
    },
  };
}

export { createActivities };
