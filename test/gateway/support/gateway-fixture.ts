import { randomUUID } from 'node:crypto';
import type { Config } from '../../../platform/config/config';
import { generateApiKey } from '../../../platform/crypto/api-keys';
import { createDataKey } from '../../../platform/crypto/envelope';
import type { Database } from '../../../platform/database/database';
import { createLogger } from '../../../platform/observability/logger';
import type { Plan, RateLimitOverrides } from '../../../platform/billing/plans';
import { policyRulesSchema, type PolicyRuleInput } from '../../../platform/policies/policy-rules';
import { startGateway, type RunningGateway } from '../../../gateway/app';
import { startFakeProvider, type FakeProvider } from '../../../gateway/providers/fake';
import { createTestConfig } from '../../support/config';
import { createTestDatabase, type TestDatabase } from '../../support/database';

export interface TestAccount {
  accountId: string;
  keyId: string;
  /** The plaintext key, as a caller would hold it. */
  apiKey: string;
}

export interface AccountOptions {
  plan?: Plan;
  fullLogging?: boolean;
  piiRestore?: boolean;
  rules?: PolicyRuleInput[];
  rateLimits?: RateLimitOverrides;
}

/** An account with one API key and (optionally) one active policy version, written as the API would. */
export async function createAccountWithKey(
  db: Database,
  config: Config,
  options: AccountOptions = {},
): Promise<TestAccount> {
  const accountId = randomUUID();
  const { wrapped } = createDataKey(config.keys.master, accountId);
  await db('accounts').insert({
    id: accountId,
    name: 'Test account',
    plan: options.plan ?? 'growth',
    full_logging: options.fullLogging ?? false,
    pii_restore: options.piiRestore ?? false,
    data_key_wrapped: wrapped,
    rate_limits: options.rateLimits ? JSON.stringify(options.rateLimits) : null,
  });
  const key = generateApiKey();
  const [row] = await db('api_keys')
    .insert({ account_id: accountId, name: 'test key', prefix: key.prefix, secret_hash: key.secretHash })
    .returning<Array<{ id: string }>>('id');
  if (!row) throw new Error('api key insert returned nothing');
  if (options.rules) await setPolicy(db, accountId, options.rules);
  return { accountId, keyId: row.id, apiKey: key.plaintext };
}

/** Publishes `rules` as the next version of the account's one policy. */
export async function setPolicy(db: Database, accountId: string, rules: PolicyRuleInput[]): Promise<void> {
  const parsed = policyRulesSchema.parse(rules);
  let policy = await db('policies')
    .where({ account_id: accountId, name: 'default' })
    .first<{ id: string; active_version: number | null } | undefined>('id', 'active_version');
  if (!policy) {
    const [created] = await db('policies')
      .insert({ account_id: accountId, name: 'default' })
      .returning<Array<{ id: string; active_version: number | null }>>(['id', 'active_version']);
    if (!created) throw new Error('policy insert returned nothing');
    policy = created;
  }
  const version = (policy.active_version ?? 0) + 1;
  await db('policy_versions').insert({
    policy_id: policy.id,
    account_id: accountId,
    version,
    rules: JSON.stringify(parsed),
  });
  await db('policies').where({ id: policy.id }).update({ active_version: version });
}

export interface GatewayFixture {
  database: TestDatabase;
  fake: FakeProvider;
  config: Config;
  gateway: RunningGateway;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * A fake upstream, a fresh database and a gateway in front of them. The
 * gateway may use its own database URL (a TCP forwarder in the outage test).
 */
export async function startGatewayFixture(
  options: { env?: Record<string, string>; gatewayDatabase?: (url: string) => Database } = {},
): Promise<GatewayFixture> {
  const database = await createTestDatabase();
  const fake = await startFakeProvider();
  const config = createTestConfig({
    databaseUrl: database.url,
    env: {
      FAKE_PROVIDER_URL: fake.url,
      UPSTREAM_TIMEOUT_MS: '1500',
      GATEWAY_MAX_BODY_BYTES: String(64 * 1024),
      ...options.env,
    },
  });
  const gatewayDb = options.gatewayDatabase?.(database.url);
  const gateway = await startGateway({
    config,
    db: gatewayDb ?? database.appDb,
    logger: createLogger(config, 'gateway'),
    port: 0,
    host: '127.0.0.1',
    metricsPort: 0,
    logFlushIntervalMs: 20,
  });
  return {
    database,
    fake,
    config,
    gateway,
    baseUrl: gateway.url,
    async close() {
      await gateway.close();
      await gatewayDb?.destroy();
      await fake.close();
      await database.drop();
    },
  };
}

/** Waits until `check` holds (log rows are written asynchronously, in batches). */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The account's newest request row (for `model`, when given), once the gateway's log writer has written it. */
export async function lastRequestRow<Row>(fx: GatewayFixture, account: TestAccount, model?: string): Promise<Row> {
  return eventually(async () => {
    await fx.gateway.app.writer.flush();
    return (await fx.database
      .db('gateway_requests')
      .where({ account_id: account.accountId, ...(model === undefined ? {} : { model }) })
      .orderBy('created_at', 'desc')
      .first()) as Row | undefined;
  });
}

/** The fake provider's last request: its path and its body, parsed. */
export function lastUpstreamRequest(fx: GatewayFixture): { path: string; body: Record<string, unknown> } {
  const request = fx.fake.requests.at(-1);
  if (!request) throw new Error('the upstream received no request');
  return { path: request.path, body: JSON.parse(request.body) as Record<string, unknown> };
}
