import type Stripe from 'stripe';
import type { ActivityDeps } from '../../activities';
import { createStripeClient } from '../../platform/billing/stripe-client';
import type { Config } from '../../platform/config/config';
import { REGIONS } from '../../platform/config/config';
import { createMailer } from '../../platform/mail/mailer';
import { createLogger } from '../../platform/observability/logger';
import { createObjectStorage, ensureBuckets } from '../../platform/storage/object-storage';
import { createTestConfig } from './config';
import { createTestDatabase, type TestDatabase } from './database';
import { startTestSmtpServer, type TestSmtpServer } from './smtp';

export interface TestStack {
  config: Config;
  database: TestDatabase;
  smtp: TestSmtpServer;
  deps: ActivityDeps;
  close(): Promise<void>;
}

/**
 * Everything an activity or service needs, on real servers: a fresh database,
 * a capturing SMTP server, fresh S3 buckets with Object Lock on the S3 server.
 */
export async function createTestStack(
  options: { env?: Record<string, string>; stripe?: Stripe } = {},
): Promise<TestStack> {
  const database = await createTestDatabase();
  const smtp = await startTestSmtpServer();
  const config = createTestConfig({
    databaseUrl: database.url,
    smtpUrl: smtp.url,
    ...(options.env ? { env: options.env } : {}),
  });
  const storage = createObjectStorage(config.s3);
  await ensureBuckets(storage, REGIONS);
  const mailer = createMailer(config.mail);
  const deps: ActivityDeps = {
    config,
    db: database.db,
    storage,
    mailer,
    stripe: options.stripe ?? createStripeClient(config.stripe),
    logger: createLogger(config, 'test'),
  };
  return {
    config,
    database,
    smtp,
    deps,
    async close() {
      mailer.close();
      storage.destroy();
      await smtp.close();
      await database.drop();
    },
  };
}
