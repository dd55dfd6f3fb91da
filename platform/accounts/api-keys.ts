import type { Knex } from 'knex';
import { recordAudit } from '../audit/audit-trail';
import { generateApiKey } from '../crypto/api-keys';
import type { ApiKeyRow } from '../database/tables';
import type { AuditActor } from './accounts';

/** A key as listed: its row without the secret's hash. */
export type ApiKeyListing = Pick<ApiKeyRow, (typeof API_KEY_COLUMNS)[number]>;

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  createdBy: string | null;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export const API_KEY_COLUMNS = [
  'id',
  'account_id',
  'name',
  'prefix',
  'created_by',
  'created_at',
  'revoked_at',
  'last_used_at',
] as const;

export function toApiKeyView(row: ApiKeyListing): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdBy: row.created_by,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

/** Creates a key; the plaintext is returned once and never stored (only the secret's hash is). */
export async function createApiKey(
  trx: Knex.Transaction,
  input: { accountId: string; name: string; createdBy: string | null; actor: AuditActor },
): Promise<{ key: ApiKeyView; plaintext: string }> {
  const generated = generateApiKey();
  const [row] = await trx('api_keys')
    .insert({
      account_id: input.accountId,
      name: input.name,
      prefix: generated.prefix,
      secret_hash: generated.secretHash,
      created_by: input.createdBy,
    })
    .returning([...API_KEY_COLUMNS]);
  if (!row) throw new Error('api key insert returned no row');
  await recordAudit(trx, {
    accountId: input.accountId,
    ...input.actor,
    action: 'api_key.created',
    targetType: 'api_key',
    targetId: row.id,
    summary: { prefix: row.prefix },
  });
  return { key: toApiKeyView(row), plaintext: generated.plaintext };
}

/** Revokes a key of the account; null when the account has no such key (same answer whether it exists elsewhere or not). */
export async function revokeApiKey(
  trx: Knex.Transaction,
  input: { accountId: string; keyId: string; actor: AuditActor },
): Promise<ApiKeyView | null> {
  const existing = await trx('api_keys')
    .where({ id: input.keyId, account_id: input.accountId })
    .forUpdate()
    .first(...API_KEY_COLUMNS);
  if (!existing) return null;
  if (existing.revoked_at) return toApiKeyView(existing);
  const [row] = await trx('api_keys')
    .where({ id: input.keyId })
    .update({ revoked_at: trx.fn.now() })
    .returning([...API_KEY_COLUMNS]);
  if (!row) throw new Error('api key update returned no row');
  await recordAudit(trx, {
    accountId: input.accountId,
    ...input.actor,
    action: 'api_key.revoked',
    targetType: 'api_key',
    targetId: row.id,
    summary: { prefix: row.prefix },
  });
  return toApiKeyView(row);
}
