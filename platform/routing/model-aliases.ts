import type { Knex } from 'knex';
import { z } from 'zod';
import { isUniqueViolation, type AuditActor } from '../accounts/accounts';
import { recordAudit } from '../audit/audit-trail';
import type { Database } from '../database/database';
import type { ModelAliasRow, ModelAliasTargetRow } from '../database/tables';
import { DomainError } from '../errors/domain-error';

/**
 * An account's model aliases: a model name a caller asks for, routed to an
 * ordered list of targets (one of the account's provider connections and the
 * model to ask it for). The gateway tries targets by priority (lower first);
 * targets of equal priority share traffic by weight; a target that fails
 * before any byte reached the caller is retried, then the next is tried
 * (docs/gateway.md, "Routing"). Every change is audited in its transaction.
 */
export const MAX_ALIAS_TARGETS = 16;
export const DEFAULT_ALIAS_RETRIES = 2;

/** An exact model name: what callers send and what upstreams receive (no `*`: an alias is not a pattern). */
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}$/;
const modelName = z.string().trim().regex(MODEL_NAME, 'a model name (letters, digits and . _ : / @ + -)');

export const aliasTargetInputSchema = z.object({
  connectionId: z.uuid().meta({ description: "One of the account's provider connections" }),
  model: modelName.meta({ description: 'The model the connection is asked for' }),
  priority: z
    .number()
    .int()
    .min(0)
    .max(100)
    .default(0)
    .meta({ description: 'Lower is tried first; targets of equal priority share traffic by weight' }),
  weight: z.number().int().min(1).max(1000).default(1),
});

const targetsSchema = z
  .array(aliasTargetInputSchema)
  .min(1)
  .max(MAX_ALIAS_TARGETS)
  .superRefine((targets, ctx) => {
    const seen = new Set<string>();
    targets.forEach((target, index) => {
      const key = `${target.connectionId} ${target.model}`;
      if (seen.has(key))
        ctx.addIssue({ code: 'custom', path: [index], message: 'the same connection and model appear twice' });
      seen.add(key);
    });
  });

const retriesSchema = z
  .number()
  .int()
  .min(0)
  .max(5)
  .meta({ description: 'Retries of one target (on 429, 5xx, connect failures, timeouts) before the next is tried' });
const descriptionSchema = z.string().trim().max(500).nullable();

export const modelAliasInputSchema = z.object({
  name: modelName.meta({ description: 'The model name callers ask for' }),
  description: descriptionSchema.optional(),
  retries: retriesSchema.default(DEFAULT_ALIAS_RETRIES),
  targets: targetsSchema,
});
export type ModelAliasInput = z.infer<typeof modelAliasInputSchema>;

export const modelAliasUpdateSchema = z
  .object({
    name: modelName.optional(),
    description: descriptionSchema.optional(),
    retries: retriesSchema.optional(),
    targets: targetsSchema.optional().meta({ description: 'Replaces the whole list' }),
  })
  .refine((update) => Object.values(update).some((v) => v !== undefined), 'nothing to change');
export type ModelAliasUpdate = z.infer<typeof modelAliasUpdateSchema>;

export interface ModelAliasTargetView {
  connectionId: string;
  model: string;
  priority: number;
  weight: number;
}

export interface ModelAliasView {
  id: string;
  name: string;
  description: string | null;
  retries: number;
  targets: ModelAliasTargetView[];
  createdAt: Date;
  updatedAt: Date;
}

function toView(row: ModelAliasRow, targets: readonly ModelAliasTargetRow[]): ModelAliasView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    retries: row.retries,
    targets: targets
      .filter((t) => t.alias_id === row.id)
      .sort((a, b) => a.position - b.position)
      .map((t) => ({ connectionId: t.connection_id, model: t.model, priority: t.priority, weight: t.weight })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Every target must name a connection of this account; the answer is the same
 * whether the connection exists elsewhere or not at all. The connections are
 * locked (FOR KEY SHARE) so none is deleted before the targets are written.
 */
async function checkTargets(
  trx: Knex.Transaction,
  accountId: string,
  targets: ModelAliasInput['targets'],
): Promise<void> {
  const ids = [...new Set(targets.map((t) => t.connectionId))];
  const found = await trx('provider_connections')
    .where({ account_id: accountId })
    .whereIn('id', ids)
    .forKeyShare()
    .select('id');
  const known = new Set(found.map((row) => row.id));
  const missing = targets.findIndex((t) => !known.has(t.connectionId));
  if (missing >= 0)
    throw new DomainError(
      'ModelAliasTargetInvalid',
      `target ${missing + 1} names no provider connection of this account (${targets[missing]?.connectionId})`,
    );
}

async function writeTargets(
  trx: Knex.Transaction,
  accountId: string,
  aliasId: string,
  targets: ModelAliasInput['targets'],
): Promise<ModelAliasTargetRow[]> {
  await trx('model_alias_targets').where({ alias_id: aliasId }).delete();
  return trx('model_alias_targets')
    .insert(
      targets.map((t, position) => ({
        alias_id: aliasId,
        account_id: accountId,
        position,
        connection_id: t.connectionId,
        model: t.model,
        priority: t.priority,
        weight: t.weight,
      })),
    )
    .returning('*');
}

function auditSummary(row: ModelAliasRow, targets: readonly ModelAliasTargetRow[]): Record<string, unknown> {
  return {
    name: row.name,
    retries: row.retries,
    targets: targets.map((t) => ({
      connectionId: t.connection_id,
      model: t.model,
      priority: t.priority,
      weight: t.weight,
    })),
  };
}

function aliasExists(error: unknown): never {
  if (isUniqueViolation(error))
    throw new DomainError('ModelAliasExists', 'the account already has a model alias of that name');
  throw error;
}

export async function createModelAlias(
  db: Database,
  input: { accountId: string; alias: ModelAliasInput; createdBy: string | null; actor: AuditActor },
): Promise<ModelAliasView> {
  const { accountId, alias } = input;
  try {
    return await db.transaction(async (trx) => {
      await checkTargets(trx, accountId, alias.targets);
      const [row] = await trx('model_aliases')
        .insert({
          account_id: accountId,
          name: alias.name,
          description: alias.description ?? null,
          retries: alias.retries,
          created_by: input.createdBy,
        })
        .returning('*');
      if (!row) throw new Error('model alias insert returned no row');
      const targets = await writeTargets(trx, accountId, row.id, alias.targets);
      await recordAudit(trx, {
        accountId,
        ...input.actor,
        action: 'model_alias.created',
        targetType: 'model_alias',
        targetId: row.id,
        summary: auditSummary(row, targets),
      });
      return toView(row, targets);
    });
  } catch (error) {
    return aliasExists(error);
  }
}

export async function listModelAliases(db: Database, accountId: string): Promise<ModelAliasView[]> {
  const [rows, targets] = await Promise.all([
    db('model_aliases')
      .where({ account_id: accountId })
      .orderBy([{ column: 'name' }, { column: 'id' }])
      .select('*'),
    db('model_alias_targets').where({ account_id: accountId }).select('*'),
  ]);
  return rows.map((row) => toView(row, targets));
}

/** An alias of the account; null when it has none of that ID. */
export async function getModelAlias(db: Database, accountId: string, aliasId: string): Promise<ModelAliasView | null> {
  const row = await db('model_aliases').where({ id: aliasId, account_id: accountId }).first('*');
  if (!row) return null;
  return toView(row, await db('model_alias_targets').where({ alias_id: row.id }).select('*'));
}

export async function updateModelAlias(
  db: Database,
  input: { accountId: string; aliasId: string; update: ModelAliasUpdate; actor: AuditActor },
): Promise<ModelAliasView | null> {
  const { accountId, update } = input;
  try {
    return await db.transaction(async (trx) => {
      const current = await trx('model_aliases')
        .where({ id: input.aliasId, account_id: accountId })
        .forUpdate()
        .first();
      if (!current) return null;
      if (update.targets) await checkTargets(trx, accountId, update.targets);
      const [row] = await trx('model_aliases')
        .where({ id: current.id })
        .update({
          ...(update.name !== undefined ? { name: update.name } : {}),
          ...(update.description !== undefined ? { description: update.description } : {}),
          ...(update.retries !== undefined ? { retries: update.retries } : {}),
          updated_at: trx.fn.now(),
        })
        .returning('*');
      if (!row) throw new Error('model alias update returned no row');
      const targets = update.targets
        ? await writeTargets(trx, accountId, row.id, update.targets)
        : await trx('model_alias_targets').where({ alias_id: row.id }).orderBy('position').select('*');
      await recordAudit(trx, {
        accountId,
        ...input.actor,
        action: 'model_alias.updated',
        targetType: 'model_alias',
        targetId: row.id,
        summary: {
          ...auditSummary(row, targets),
          changed: Object.keys(update).filter((k) => update[k as keyof ModelAliasUpdate] !== undefined),
        },
      });
      return toView(row, targets);
    });
  } catch (error) {
    return aliasExists(error);
  }
}

export async function deleteModelAlias(
  db: Database,
  input: { accountId: string; aliasId: string; actor: AuditActor },
): Promise<boolean> {
  return db.transaction(async (trx) => {
    const [row] = await trx('model_aliases')
      .where({ id: input.aliasId, account_id: input.accountId })
      .delete()
      .returning(['id', 'name']);
    if (!row) return false;
    await recordAudit(trx, {
      accountId: input.accountId,
      ...input.actor,
      action: 'model_alias.deleted',
      targetType: 'model_alias',
      targetId: row.id,
      summary: { name: row.name },
    });
    return true;
  });
}
