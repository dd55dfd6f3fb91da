import { randomBytes, randomUUID } from 'node:crypto';
import { hashApiKeySecret } from '../../platform/crypto/api-keys';
import { createDataKey, seal } from '../../platform/crypto/envelope';
import type { Config } from '../../platform/config/config';
import type { Database } from '../../platform/database/database';
import type { InsertOf } from '../../platform/database/tables';
import type { Plan } from '../../platform/billing/plans';

export interface AccountFixture {
  accountId: string;
  ownerId: string;
  ownerEmail: string;
  apiKeyId: string;
  stripeCustomerId: string;
}

/** An account with an owner, a key, a policy, a subscription and `logRows` days of gateway logs. */
export async function createAccountFixture(
  db: Database,
  config: Config,
  options: { plan?: Plan; region?: 'eu' | 'us' | 'apac'; retentionDays?: number | null; logRows?: number } = {},
): Promise<AccountFixture> {
  const accountId = randomUUID();
  const suffix = randomBytes(4).toString('hex');
  const stripeCustomerId = `cus_${suffix}`;
  const { dataKey, wrapped } = createDataKey(config.keys.master, accountId);
  await db('accounts').insert({
    id: accountId,
    name: `Account ${suffix}`,
    plan: options.plan ?? 'growth',
    region: options.region ?? 'eu',
    retention_days: options.retentionDays ?? null,
    full_logging: true,
    data_key_wrapped: wrapped,
    stripe_customer_id: stripeCustomerId,
  });
  const ownerEmail = `owner-${suffix}@example.test`;
  const [owner] = await db('users')
    .insert({
      account_id: accountId,
      email: ownerEmail,
      name: 'Owner',
      password_hash: 'argon2id-placeholder',
      role: 'owner',
    })
    .returning('id');
  const ownerId = owner?.id ?? '';
  await db('sessions').insert({
    user_id: ownerId,
    token_hash: randomBytes(16).toString('hex'),
    expires_at: new Date(Date.now() + 86_400_000),
  });
  const [key] = await db('api_keys')
    .insert({
      account_id: accountId,
      name: 'default',
      prefix: `atr_${suffix}`,
      secret_hash: hashApiKeySecret(`secret-${suffix}`),
      created_by: ownerId,
    })
    .returning('id');
  const [policy] = await db('policies')
    .insert({ account_id: accountId, name: 'default', active_version: 1 })
    .returning('id');
  if (!policy) throw new Error('policy insert returned no row');
  await db('policy_versions').insert({
    policy_id: policy.id,
    account_id: accountId,
    version: 1,
    rules: JSON.stringify([]),
  });
  await db('subscriptions').insert({
    account_id: accountId,
    stripe_customer_id: stripeCustomerId,
    plan: options.plan ?? 'growth',
    status: 'active',
  });

  const now = Date.now();
  for (let i = 0; i < (options.logRows ?? 0); i += 1) {
    const requestId = randomUUID();
    const createdAt = new Date(now - i * 3_600_000);
    await db('gateway_requests').insert(logRow(accountId, requestId, createdAt));
    const sealed = seal(dataKey, Buffer.from('{"prompt":"p","completion":"c"}'));
    await db('gateway_full_logs').insert({
      request_id: requestId,
      created_at: createdAt,
      account_id: accountId,
      nonce: sealed.nonce,
      auth_tag: sealed.authTag,
      ciphertext: sealed.ciphertext,
    });
  }
  return { accountId, ownerId, ownerEmail, apiKeyId: key?.id ?? '', stripeCustomerId };
}

export function logRow(accountId: string, id: string, createdAt: Date): InsertOf<'gateway_requests'> {
  return {
    id,
    created_at: createdAt,
    account_id: accountId,
    endpoint: '/v1/chat/completions',
    provider: 'openai',
    model: 'gpt-4o-mini',
    verdict: 'ALLOW',
    prompt_tokens: 10,
    completion_tokens: 5,
    latency_ms: 120,
    status: 200,
  };
}
