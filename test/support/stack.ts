import type Stripe from 'stripe';
import type { ActivityDeps } from '../../activities';
import { createPlatformClients } from '../../platform/clients/platform-clients';
import type { Config } from '../../platform/config/config';
import { REGIONS } from '../../platform/config/config';
import { ensureBuckets } from '../../platform/storage/object-storage';
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
  const { close: closeClients, ...deps } = createPlatformClients(config, 'test', {
    db: database.appDb,
    ...(options.stripe ? { stripe: options.stripe } : {}),
  });
  await ensureBuckets(deps.storage, REGIONS);
  return {
    config,
    database,
    smtp,
    deps,
    async close() {
      await closeClients();
      await smtp.close();
      await database.drop();
    },
  };
}
