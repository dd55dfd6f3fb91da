import { createActivities, type ActivityDeps } from '../activities';
import { createStripeClient } from './billing/stripe-client';
import type { Config } from './config/config';
import { createDatabase } from './database/database';
import { createMailer } from './mail/mailer';
import { createLogger } from './observability/logger';
import { createObjectStorage } from './storage/object-storage';

/** Wires the real clients from configuration, in one place. */
export function createServices(config: Config, service: string): ActivityDeps & { close(): Promise<void> } {
  const db = createDatabase({ url: config.database.url, poolMax: config.database.poolMax, applicationName: `autrace-${service}` });
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
