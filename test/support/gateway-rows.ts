import { randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '../../platform/database/database';

/** Inserts one gateway metadata row (and optionally a full-log row) as the gateway would write it. */
export async function insertGatewayRequest(
  db: Database,
  row: {
    accountId: string;
    createdAt: Date;
    model?: string;
    promptTokens?: number;
    completionTokens?: number;
    verdict?: 'ALLOW' | 'BLOCK';
    fullLog?: boolean;
  },
): Promise<string> {
  const id = randomUUID();
  await db('gateway_requests').insert({
    id,
    created_at: row.createdAt,
    account_id: row.accountId,
    endpoint: '/v1/chat/completions',
    provider: 'openai',
    model: row.model ?? 'gpt-4o',
    verdict: row.verdict ?? 'ALLOW',
    prompt_tokens: row.promptTokens ?? 10,
    completion_tokens: row.completionTokens ?? 20,
    latency_ms: 12,
    status: 200,
  });
  if (row.fullLog)
    await db('gateway_full_logs').insert({
      request_id: id,
      created_at: row.createdAt,
      account_id: row.accountId,
      nonce: randomBytes(12),
      auth_tag: randomBytes(16),
      ciphertext: randomBytes(32),
    });
  return id;
}
