import { randomUUID } from 'node:crypto';
import { createDataKey } from '../../platform/crypto/envelope';
import type { Database } from '../../platform/database/database';
import { sealFullLog } from '../../platform/full-logs/full-log-envelope';

export interface SeededAccount {
  accountId: string;
  ownerId: string;
  memberId: string;
  ownerEmail: string;
  memberEmail: string;
  dataKey: Buffer;
}

/** A small account with data in every store the privacy features read. */
export async function seedAccount(
  db: Database,
  masterKey: Buffer,
  options: { requests?: number; fullLogs?: number; label?: string; soleUser?: boolean } = {},
): Promise<SeededAccount> {
  const accountId = randomUUID();
  const label = options.label ?? accountId.slice(0, 8);
  const { dataKey, wrapped } = createDataKey(masterKey, accountId);
  await db('accounts').insert({
    id: accountId,
    name: `Acme ${label}`,
    plan: 'growth',
    region: 'eu',
    full_logging: true,
    data_key_wrapped: wrapped,
    stripe_customer_id: `cus_${label}`,
  });
  const ownerId = randomUUID();
  const memberId = randomUUID();
  const ownerEmail = `owner-${label}@example.test`;
  const memberEmail = `member-${label}@example.test`;
  await db('users').insert([
    {
      id: ownerId,
      account_id: accountId,
      email: ownerEmail,
      name: `Owner, "${label}"`,
      password_hash: 'x',
      role: 'owner' as const,
    },
    ...(options.soleUser
      ? []
      : [
          {
            id: memberId,
            account_id: accountId,
            email: memberEmail,
            name: `Member ${label}`,
            password_hash: 'x',
            role: 'member' as const,
          },
        ]),
  ]);
  await db('subscriptions').insert({
    account_id: accountId,
    stripe_customer_id: `cus_${label}`,
    stripe_subscription_id: `sub_${label}`,
    plan: 'growth',
    status: 'active',
  });
  const keyCreator = options.soleUser ? ownerId : memberId;
  await db('api_keys').insert({
    account_id: accountId,
    name: 'ci',
    prefix: `ak_${label}`,
    secret_hash: 'hash',
    created_by: keyCreator,
  });
  const policyId = randomUUID();
  await db('policies').insert({ id: policyId, account_id: accountId, name: 'default', active_version: 1 });
  await db('policy_versions').insert({
    policy_id: policyId,
    account_id: accountId,
    version: 1,
    rules: JSON.stringify([]),
    created_by: ownerId,
  });

  const requests = options.requests ?? 25;
  const fullLogs = Math.min(options.fullLogs ?? 10, requests);
  const base = Date.now() - 3_600_000;
  const rows = Array.from({ length: requests }, (_, i) => ({
    id: randomUUID(),
    created_at: new Date(base + i * 1000),
    account_id: accountId,
    endpoint: '/v1/chat/completions',
    provider: 'openai',
    model: 'gpt-4o-mini',
    verdict: i % 5 === 0 ? ('BLOCK' as const) : ('ALLOW' as const),
    latency_ms: 100 + i,
    status: 200,
  }));
  for (let i = 0; i < rows.length; i += 1000) await db('gateway_requests').insert(rows.slice(i, i + 1000));
  const logs = rows.slice(0, fullLogs).map((row) =>
    sealFullLog({
      requestId: row.id,
      accountId,
      createdAt: row.created_at.toISOString(),
      dataKey,
      prompt: [`prompt from ${options.soleUser ? ownerEmail : memberEmail}, with "quotes"\nand lines`],
      completion: 'ok',
    }),
  );
  if (logs.length > 0) await db('gateway_full_logs').insert(logs);
  await db('audit_log').insert({
    account_id: accountId,
    actor_type: 'user',
    actor_id: keyCreator,
    action: 'api_key.created',
    target_type: 'api_key',
    target_id: 'k1',
  });
  return { accountId, ownerId, memberId, ownerEmail, memberEmail, dataKey };
}

export interface UserTraffic {
  apiKeyId: string;
  apiKeyPrefix: string;
  requestIds: string[];
  prompt: string;
}

/** A key created by one user of a seeded account, and gateway traffic through it with full logs holding `prompt`. */
export async function addUserTraffic(
  db: Database,
  account: SeededAccount,
  userId: string,
  options: { requests: number; prompt: string },
): Promise<UserTraffic> {
  const apiKeyId = randomUUID();
  const apiKeyPrefix = `ak_${apiKeyId.slice(0, 12)}`;
  await db('api_keys').insert({
    id: apiKeyId,
    account_id: account.accountId,
    name: `key of ${userId}`,
    prefix: apiKeyPrefix,
    secret_hash: 'hash',
    created_by: userId,
  });
  const base = Date.now() - 1_800_000;
  const rows = Array.from({ length: options.requests }, (_, i) => ({
    id: randomUUID(),
    created_at: new Date(base + i * 1000),
    account_id: account.accountId,
    api_key_id: apiKeyId,
    endpoint: '/v1/chat/completions',
    provider: 'openai',
    model: 'gpt-4o-mini',
    verdict: 'ALLOW' as const,
    latency_ms: 100,
    status: 200,
  }));
  await db('gateway_requests').insert(rows);
  await db('gateway_full_logs').insert(
    rows.map((row) =>
      sealFullLog({
        requestId: row.id,
        accountId: account.accountId,
        createdAt: row.created_at.toISOString(),
        dataKey: account.dataKey,
        prompt: [options.prompt],
        completion: `answer to ${options.prompt}`,
      }),
    ),
  );
  return { apiKeyId, apiKeyPrefix, requestIds: rows.map((r) => r.id), prompt: options.prompt };
}
