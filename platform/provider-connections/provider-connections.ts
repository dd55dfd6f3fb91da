import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { isUniqueViolation, type AuditActor } from '../accounts/accounts';
import { recordAudit } from '../audit/audit-trail';
import { REGIONS } from '../config/config';
import { createDataKey, unwrapDataKey } from '../crypto/envelope';
import type { Database } from '../database/database';
import type { ProviderConnectionRow } from '../database/tables';
import { DomainError } from '../errors/domain-error';
import { MODEL_PATTERN } from './model-patterns';
import { BaseUrlRefused, type NetworkGuard } from './network-guard';
import { PROVIDER_KIND_DEFAULTS, PROVIDER_KINDS } from './provider-kinds';
import { lastFour, sealProviderKey } from './sealed-provider-keys';

/**
 * An account's provider connections: created, listed, read, re-keyed and
 * deleted, each change audited in its transaction. The key is sealed under
 * the account's data key before it reaches the database and is never
 * returned: views carry only its last four characters.
 */
const apiKeySchema = z.string().trim().min(1).max(2000);

export const providerConnectionInputSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    kind: z.enum(PROVIDER_KINDS),
    /** Defaults per kind (OpenAI, Anthropic); required for Azure OpenAI and OpenAI-compatible servers. */
    baseUrl: z.string().trim().max(2000).optional(),
    region: z.enum(REGIONS).nullable().optional(),
    /** Exact model names or prefixes ending in `*`; defaults per kind (`claude*` for Anthropic, `*` otherwise). */
    models: z
      .array(z.string().trim().regex(MODEL_PATTERN, 'a model name, or a prefix ending in *'))
      .min(1)
      .max(200)
      .optional(),
    apiKey: apiKeySchema.optional(),
  })
  .superRefine((input, ctx) => {
    const defaults = PROVIDER_KIND_DEFAULTS[input.kind];
    if (!defaults.baseUrl && !input.baseUrl)
      ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: `a ${input.kind} connection needs its base URL` });
    if (defaults.keyRequired && !input.apiKey)
      ctx.addIssue({ code: 'custom', path: ['apiKey'], message: `a ${input.kind} connection needs an API key` });
  });
export type ProviderConnectionInput = z.infer<typeof providerConnectionInputSchema>;

export const rotateProviderKeyInputSchema = z.object({ apiKey: apiKeySchema });

export interface ProviderConnectionView {
  id: string;
  name: string;
  kind: ProviderConnectionRow['kind'];
  baseUrl: string;
  region: ProviderConnectionRow['region'];
  models: string[];
  /** The last four characters of the key; NULL when the connection takes none. */
  apiKeyLast4: string | null;
  createdAt: Date;
  updatedAt: Date;
  keyRotatedAt: Date | null;
}

/** Every column but the sealed key: nothing that reads connections for display selects it. */
const VIEW_COLUMNS = [
  'id',
  'account_id',
  'name',
  'kind',
  'base_url',
  'region',
  'models',
  'api_key_last4',
  'created_at',
  'updated_at',
  'key_rotated_at',
] as const;
type ViewRow = Pick<ProviderConnectionRow, (typeof VIEW_COLUMNS)[number]>;

export function toProviderConnectionView(row: ViewRow): ProviderConnectionView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    baseUrl: row.base_url,
    region: row.region,
    models: row.models,
    apiKeyLast4: row.api_key_last4,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    keyRotatedAt: row.key_rotated_at,
  };
}

export interface ConnectionDeps {
  db: Database;
  masterKey: Buffer;
  guard: NetworkGuard;
}

/** The account's data key, locking its row; a fresh one when it has none (after crypto-shredding). */
async function dataKeyForUpdate(trx: Knex.Transaction, masterKey: Buffer, accountId: string): Promise<Buffer> {
  const account = await trx('accounts').where({ id: accountId }).forUpdate().first('data_key_wrapped');
  if (!account) throw new DomainError('AccountNotFound', 'no such account');
  if (account.data_key_wrapped) return unwrapDataKey(masterKey, accountId, account.data_key_wrapped);
  const { dataKey, wrapped } = createDataKey(masterKey, accountId);
  await trx('accounts').where({ id: accountId }).update({ data_key_wrapped: wrapped });
  return dataKey;
}

async function checkBaseUrl(guard: NetworkGuard, baseUrl: string): Promise<void> {
  try {
    await guard.checkBaseUrl(baseUrl);
  } catch (error) {
    if (error instanceof BaseUrlRefused) throw new DomainError('ProviderBaseUrlRefused', error.message);
    throw error;
  }
}

export async function createProviderConnection(
  deps: ConnectionDeps,
  input: { accountId: string; connection: ProviderConnectionInput; createdBy: string | null; actor: AuditActor },
): Promise<ProviderConnectionView> {
  const { connection, accountId } = input;
  const defaults = PROVIDER_KIND_DEFAULTS[connection.kind];
  const baseUrl = (connection.baseUrl ?? defaults.baseUrl ?? '').replace(/\/+$/, '');
  await checkBaseUrl(deps.guard, baseUrl);
  const id = randomUUID();
  try {
    return await deps.db.transaction(async (trx) => {
      const dataKey = await dataKeyForUpdate(trx, deps.masterKey, accountId);
      const [row] = await trx('provider_connections')
        .insert({
          id,
          account_id: accountId,
          name: connection.name,
          kind: connection.kind,
          base_url: baseUrl,
          region: connection.region ?? null,
          models: [...new Set(connection.models ?? defaults.models)],
          api_key_sealed: connection.apiKey ? sealProviderKey(dataKey, accountId, id, connection.apiKey) : null,
          api_key_last4: connection.apiKey ? lastFour(connection.apiKey) : null,
          created_by: input.createdBy,
        })
        .returning([...VIEW_COLUMNS]);
      if (!row) throw new Error('provider connection insert returned no row');
      await recordAudit(trx, {
        accountId,
        ...input.actor,
        action: 'provider_connection.created',
        targetType: 'provider_connection',
        targetId: id,
        summary: { kind: row.kind, host: new URL(row.base_url).host, models: row.models.length },
      });
      return toProviderConnectionView(row);
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new DomainError('ProviderConnectionExists', 'the account already has a provider connection of that name');
    throw error;
  }
}

export async function listProviderConnections(db: Database, accountId: string): Promise<ProviderConnectionView[]> {
  const rows = await db('provider_connections')
    .where({ account_id: accountId })
    .orderBy([{ column: 'created_at' }, { column: 'id' }])
    .select(...VIEW_COLUMNS);
  return rows.map(toProviderConnectionView);
}

/** A connection of the account; null when it has none of that ID (same answer whether it exists elsewhere or not). */
export async function getProviderConnection(
  db: Database,
  accountId: string,
  connectionId: string,
): Promise<ProviderConnectionView | null> {
  const row = await db('provider_connections')
    .where({ id: connectionId, account_id: accountId })
    .first(...VIEW_COLUMNS);
  return row ? toProviderConnectionView(row) : null;
}

/** Replaces the key; gateways drop the old one as soon as the change is notified. */
export async function rotateProviderKey(
  deps: Pick<ConnectionDeps, 'db' | 'masterKey'>,
  input: { accountId: string; connectionId: string; apiKey: string; actor: AuditActor },
): Promise<ProviderConnectionView | null> {
  return deps.db.transaction(async (trx) => {
    const dataKey = await dataKeyForUpdate(trx, deps.masterKey, input.accountId);
    const [row] = await trx('provider_connections')
      .where({ id: input.connectionId, account_id: input.accountId })
      .update({
        api_key_sealed: sealProviderKey(dataKey, input.accountId, input.connectionId, input.apiKey),
        api_key_last4: lastFour(input.apiKey),
        key_rotated_at: trx.fn.now(),
        updated_at: trx.fn.now(),
      })
      .returning([...VIEW_COLUMNS]);
    if (!row) return null;
    await recordAudit(trx, {
      accountId: input.accountId,
      ...input.actor,
      action: 'provider_connection.key_rotated',
      targetType: 'provider_connection',
      targetId: row.id,
    });
    return toProviderConnectionView(row);
  });
}

export async function deleteProviderConnection(
  db: Database,
  input: { accountId: string; connectionId: string; actor: AuditActor },
): Promise<boolean> {
  return db.transaction(async (trx) => {
    const deleted = await trx('provider_connections')
      .where({ id: input.connectionId, account_id: input.accountId })
      .delete()
      .returning(['id', 'kind']);
    const row = deleted[0];
    if (!row) return false;
    await recordAudit(trx, {
      accountId: input.accountId,
      ...input.actor,
      action: 'provider_connection.deleted',
      targetType: 'provider_connection',
      targetId: row.id,
      summary: { kind: row.kind },
    });
    return true;
  });
}
