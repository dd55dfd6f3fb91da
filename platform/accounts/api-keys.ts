import type { Knex } from 'knex';
import { recordAudit } from '../audit/audit-trail';
import { generateApiKey, type GeneratedApiKey } from '../crypto/api-keys';
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
  /** The key, when generated beforehand (its prefix registered in the directory before this transaction). */
  generated: GeneratedApiKey = generateApiKey(),
): Promise<{ key: ApiKeyView; plaintext: string }> {
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

/** The least time between two writes of one key's `last_used_at`: the column is accurate to about this. */
export const KEY_ACTIVITY_RESOLUTION = '1 minute';

/**
 * Writes the last use of each key, in one statement. A key's time only moves forward, and only by at
 * least a minute, so however many gateways report the same key, its row is written about once a minute.
 * Keys deleted meanwhile are skipped. Answers how many rows it changed.
 */
export async function recordKeyActivity(
  db: Knex,
  uses: ReadonlyArray<{ keyId: string; usedAt: Date }>,
): Promise<number> {
  if (uses.length === 0) return 0;
  const result = await db.raw<{ rowCount: number }>(
    `update api_keys k set last_used_at = u.used_at
       from (select unnest(?::uuid[]) as id, unnest(?::timestamptz[]) as used_at) u
      where k.id = u.id
        and (k.last_used_at is null or k.last_used_at <= u.used_at - interval '${KEY_ACTIVITY_RESOLUTION}')`,
    [uses.map((u) => u.keyId), uses.map((u) => u.usedAt.toISOString())],
  );
  return result.rowCount;
}

export interface KeyActivityListing extends ApiKeyView {
  /** Requests through the key over the last 30 UTC days (today included), from the usage rollup. */
  requestsLast30Days: number;
  /** Every request through the key the rollup holds. */
  requestsTotal: number;
  /** Not revoked, and neither used nor created within the stale period. */
  stale: boolean;
}

/**
 * The account's keys with their activity: request counts from the daily usage rollup plus the account's
 * request rows not folded into it yet, read in one snapshot as the usage series are
 * (platform/usage/usage-series.ts), so every committed request counts exactly once; and whether each is stale.
 */
export async function listApiKeysWithActivity(
  db: Knex,
  input: { accountId: string; includeRevoked: boolean; staleAfterDays: number; now: Date },
): Promise<KeyActivityListing[]> {
  const q = db('api_keys').where({ account_id: input.accountId }).orderBy('created_at', 'desc');
  if (!input.includeRevoked) void q.whereNull('revoked_at');
  const rows = await q.select(...API_KEY_COLUMNS);
  const since = new Date(input.now.getTime() - 29 * 86_400_000).toISOString().slice(0, 10);
  const counts = await db.transaction(
    async (trx) => {
      const mark = await trx('gateway_usage_fold_mark').first('folded_before');
      const { rows: found } = await trx.raw<{ rows: Array<{ api_key_id: string; total: string; recent: string }> }>(
        `select api_key_id, sum(total) as total, sum(recent) as recent
           from (select api_key_id, sum(requests) as total,
                        coalesce(sum(requests) filter (where day >= ?::date), 0) as recent
                   from gateway_usage_daily
                  where account_id = ? and api_key_id = any(?::uuid[])
                  group by 1
                 union all
                 select api_key_id, count(*),
                        count(*) filter (where (created_at at time zone 'UTC')::date >= ?::date)
                   from gateway_requests
                  where inserted_xid >= ?::xid8 and account_id = ? and api_key_id = any(?::uuid[])
                  group by 1) as counted
          group by 1`,
        [
          since,
          input.accountId,
          rows.map((r) => r.id),
          since,
          mark?.folded_before ?? '1',
          input.accountId,
          rows.map((r) => r.id),
        ],
      );
      return found;
    },
    { isolationLevel: 'repeatable read', readOnly: true },
  );
  const byKey = new Map(counts.map((c) => [c.api_key_id, c]));
  const staleBefore = input.now.getTime() - input.staleAfterDays * 86_400_000;
  return rows.map((row) => {
    const count = byKey.get(row.id);
    const lastActive = (row.last_used_at ?? row.created_at).getTime();
    return {
      ...toApiKeyView(row),
      requestsLast30Days: Number(count?.recent ?? 0),
      requestsTotal: Number(count?.total ?? 0),
      stale: input.staleAfterDays > 0 && row.revoked_at === null && lastActive < staleBefore,
    };
  });
}
