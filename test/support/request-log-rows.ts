import { randomUUID } from 'node:crypto';
import type { Database } from '../../platform/database/database';
import { accountDataKey, sealFullLog } from '../../platform/full-logs/full-log-envelope';

export interface RequestLogRowInput {
  accountId: string;
  createdAt: Date;
  apiKeyId?: string | null;
  model?: string;
  verdict?: 'ALLOW' | 'BLOCK';
  matchedRuleIds?: string[];
  status?: number;
  latencyMs?: number;
  promptTokens?: number;
  completionTokens?: number;
  /** Stores a full log sealed under the account's data key, as the gateway does. */
  fullLog?: { prompt: string[]; completion: string };
}

/** Inserts gateway request rows (and sealed full logs) in one statement each, as the log writer would. */
export async function insertRequestLogRows(
  db: Database,
  masterKey: Buffer,
  inputs: readonly RequestLogRowInput[],
): Promise<string[]> {
  const rows = inputs.map((input) => ({
    id: randomUUID(),
    created_at: input.createdAt,
    account_id: input.accountId,
    api_key_id: input.apiKeyId ?? null,
    endpoint: '/v1/chat/completions',
    provider: 'openai',
    model: input.model ?? 'gpt-4o',
    verdict: input.verdict ?? ('ALLOW' as const),
    matched_rule_ids: input.matchedRuleIds ?? [],
    prompt_tokens: input.promptTokens ?? 10,
    completion_tokens: input.completionTokens ?? 20,
    latency_ms: input.latencyMs ?? 120,
    status: input.status ?? 200,
  }));
  if (rows.length) await db('gateway_requests').insert(rows);
  for (const [i, input] of inputs.entries()) {
    const row = rows[i];
    if (!input.fullLog || !row) continue;
    const account = await db('accounts').where({ id: input.accountId }).first('data_key_wrapped');
    const dataKey = accountDataKey(masterKey, input.accountId, account?.data_key_wrapped ?? null);
    if (!dataKey) throw new Error('the account has no data key');
    await db('gateway_full_logs').insert(
      sealFullLog({
        requestId: row.id,
        accountId: input.accountId,
        createdAt: row.created_at.toISOString(),
        dataKey,
        ...input.fullLog,
      }),
    );
  }
  return rows.map((r) => r.id);
}

/** An API key row of the account (the secret is irrelevant to the log). */
export async function insertApiKey(
  db: Database,
  accountId: string,
  name: string,
): Promise<{ id: string; prefix: string }> {
  const prefix = `ak_${randomUUID().slice(0, 8)}`;
  const [row] = await db('api_keys')
    .insert({ account_id: accountId, name, prefix, secret_hash: `hash-${prefix}` })
    .returning(['id', 'prefix']);
  if (!row) throw new Error('api key insert returned no row');
  return row;
}
