import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../../platform/config/config';

export interface TestConfigOptions {
  databaseUrl?: string;
  smtpUrl?: string;
  /** Extra environment variables, as the service would read them. */
  env?: Record<string, string>;
}

/**
 * A Config as the services would parse it, pointed at the test servers.
 * Bucket names are unique per call, so test files never share S3 state.
 */
export function createTestConfig(options: TestConfigOptions = {}): Config {
  const suffix = randomBytes(4).toString('hex');
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...(options.smtpUrl ? { SMTP_URL: options.smtpUrl } : {}),
    S3_ENDPOINT: process.env.TEST_S3_ENDPOINT ?? 'http://127.0.0.1:5000',
    S3_ACCESS_KEY_ID: 'test',
    S3_SECRET_ACCESS_KEY: 'test',
    S3_BUCKET_EU: `autrace-eu-${suffix}`,
    S3_BUCKET_US: `autrace-us-${suffix}`,
    S3_BUCKET_APAC: `autrace-apac-${suffix}`,
    S3_OBJECT_LOCK_MODE: 'GOVERNANCE',
    GATEWAY_SPOOL_DIR: `/tmp/autrace-spool-${suffix}`,
    ...options.env,
  });
}
