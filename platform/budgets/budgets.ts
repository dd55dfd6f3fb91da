import { z } from 'zod';
import { isUniqueViolation, type AuditActor } from '../accounts/accounts';
import { recordAudit } from '../audit/audit-trail';
import type { Database } from '../database/database';
import type { BudgetRow } from '../database/tables';
import { DomainError } from '../errors/domain-error';

/**
 * Monthly budgets in US micro-dollars, one per account and at most one per
 * API key. Each has a hard limit (the gateway refuses requests that would go
 * past it, 429 `budget_exceeded`), a soft threshold (a share of the limit;
 * the account's owners are e-mailed once a month when spending reaches it)
 * and a rule for models without a price (`unpricedModels`).
 * Months are UTC calendar months. Every change is audited in its transaction
 * and reaches the gateways through the key change feed (migration
 * 20261208020000_cost_and_budgets.ts).
 */
const NO_KEY = '00000000-0000-0000-0000-000000000000';

/** A limit in micro-dollars: $1 = 1000000; at most a billion dollars. */
const limitMicroUsd = z
  .number()
  .int()
  .min(1)
  .max(1_000_000_000_000_000)
  .meta({ description: 'The monthly limit in US micro-dollars ($25 = 25000000)' });
const alertPercent = z
  .number()
  .int()
  .min(1)
  .max(100)
  .meta({ description: "The soft threshold: the account's owners are e-mailed when the month's spend reaches it" });

const unpricedModels = z.enum(['allow', 'refuse']).meta({
  description:
    'A model without a price (its cost unknown): `allow` lets its requests through uncharged, `refuse` answers them 403',
});

export const budgetInputSchema = z.object({
  apiKeyId: z.uuid().nullable().default(null).meta({ description: "The key it limits; null for the account's budget" }),
  monthlyLimitMicroUsd: limitMicroUsd,
  alertPercent: alertPercent.default(80),
  unpricedModels: unpricedModels.default('allow'),
});
export type BudgetInput = z.infer<typeof budgetInputSchema>;

export const budgetUpdateSchema = z
  .object({
    monthlyLimitMicroUsd: limitMicroUsd.optional(),
    alertPercent: alertPercent.optional(),
    unpricedModels: unpricedModels.optional(),
  })
  .refine(
    (v) => v.monthlyLimitMicroUsd !== undefined || v.alertPercent !== undefined || v.unpricedModels !== undefined,
    { message: 'change at least one of monthlyLimitMicroUsd, alertPercent, unpricedModels' },
  );
export type BudgetUpdate = z.infer<typeof budgetUpdateSchema>;

export const budgetViewSchema = z.object({
  id: z.uuid(),
  apiKeyId: z.uuid().nullable(),
  monthlyLimitMicroUsd: z.number().int(),
  alertPercent: z.number().int(),
  unpricedModels,
  month: z.string().meta({ description: 'The current UTC month, YYYY-MM' }),
  spentMicroUsd: z.number().int().meta({ description: "This month's settled cost" }),
  reservedMicroUsd: z
    .number()
    .int()
    .meta({ description: "Held by the gateways' leases for requests in flight (returned within seconds of idle)" }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type BudgetView = z.infer<typeof budgetViewSchema>;

export function currentBudgetMonth(now: Date = new Date()): string {
  return `${now.toISOString().slice(0, 7)}-01`;
}

type ViewRow = BudgetRow & { spent_microusd: string | number | null; reserved_microusd: string | number | null };

function toView(row: ViewRow, month: string): BudgetView {
  return {
    id: row.id,
    apiKeyId: row.api_key_id,
    monthlyLimitMicroUsd: Number(row.monthly_limit_microusd),
    alertPercent: row.alert_percent,
    unpricedModels: row.unpriced_models,
    month: month.slice(0, 7),
    spentMicroUsd: Number(row.spent_microusd ?? 0),
    reservedMicroUsd: Number(row.reserved_microusd ?? 0),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function viewQuery(db: Database, accountId: string, month: string) {
  return db('budgets as b')
    .leftJoin('budget_periods as p', function join() {
      this.on('p.budget_id', '=', 'b.id').andOn('p.month', '=', db.raw('?::date', [month]));
    })
    .where('b.account_id', accountId)
    .select<ViewRow[]>('b.*', 'p.spent_microusd', 'p.reserved_microusd');
}

export async function listBudgets(db: Database, accountId: string): Promise<BudgetView[]> {
  const month = currentBudgetMonth();
  const rows = await viewQuery(db, accountId, month).orderByRaw(`coalesce(b.api_key_id, '${NO_KEY}'), b.created_at`);
  return rows.map((row) => toView(row, month));
}

export async function getBudget(db: Database, accountId: string, budgetId: string): Promise<BudgetView | null> {
  const month = currentBudgetMonth();
  const row = (await viewQuery(db, accountId, month).andWhere('b.id', budgetId))[0];
  return row ? toView(row, month) : null;
}

export async function createBudget(
  db: Database,
  input: {
    accountId: string;
    budget: Omit<BudgetInput, 'unpricedModels'> & Partial<Pick<BudgetInput, 'unpricedModels'>>;
    createdBy: string | null;
    actor: AuditActor;
  },
): Promise<BudgetView> {
  const { accountId } = input;
  const budget = { ...input.budget, unpricedModels: input.budget.unpricedModels ?? 'allow' };
  try {
    const id = await db.transaction(async (trx) => {
      if (budget.apiKeyId) {
        const key = await trx('api_keys').where({ id: budget.apiKeyId, account_id: accountId }).first('id');
        if (!key) throw new DomainError('ApiKeyNotFound', 'the account has no API key with that ID');
      }
      const [row] = await trx('budgets')
        .insert({
          account_id: accountId,
          api_key_id: budget.apiKeyId,
          monthly_limit_microusd: budget.monthlyLimitMicroUsd,
          alert_percent: budget.alertPercent,
          unpriced_models: budget.unpricedModels,
          created_by: input.createdBy,
        })
        .returning<Array<{ id: string }>>('id');
      if (!row) throw new Error('budget insert returned no row');
      await recordAudit(trx, {
        accountId,
        ...input.actor,
        action: 'budget.created',
        targetType: 'budget',
        targetId: row.id,
        summary: {
          apiKeyId: budget.apiKeyId,
          monthlyLimitMicroUsd: budget.monthlyLimitMicroUsd,
          alertPercent: budget.alertPercent,
          unpricedModels: budget.unpricedModels,
        },
      });
      return row.id;
    });
    const view = await getBudget(db, accountId, id);
    if (!view) throw new Error('created budget not found');
    return view;
  } catch (error) {
    if (isUniqueViolation(error))
      throw new DomainError(
        'BudgetExists',
        budget.apiKeyId ? 'this API key already has a budget' : 'the account already has an account budget',
      );
    throw error;
  }
}

/** Changes a budget's limit or threshold; null when the account has no such budget. */
export async function updateBudget(
  db: Database,
  input: { accountId: string; budgetId: string; update: BudgetUpdate; actor: AuditActor },
): Promise<BudgetView | null> {
  const changed = await db.transaction(async (trx) => {
    const before = await trx('budgets').where({ id: input.budgetId, account_id: input.accountId }).forUpdate().first();
    if (!before) return false;
    await trx('budgets')
      .where({ id: input.budgetId })
      .update({
        ...(input.update.monthlyLimitMicroUsd !== undefined
          ? { monthly_limit_microusd: input.update.monthlyLimitMicroUsd }
          : {}),
        ...(input.update.alertPercent !== undefined ? { alert_percent: input.update.alertPercent } : {}),
        ...(input.update.unpricedModels !== undefined ? { unpriced_models: input.update.unpricedModels } : {}),
        updated_at: trx.fn.now(),
      });
    await recordAudit(trx, {
      accountId: input.accountId,
      ...input.actor,
      action: 'budget.updated',
      targetType: 'budget',
      targetId: input.budgetId,
      summary: {
        from: {
          monthlyLimitMicroUsd: Number(before.monthly_limit_microusd),
          alertPercent: before.alert_percent,
          unpricedModels: before.unpriced_models,
        },
        to: input.update,
      },
    });
    return true;
  });
  return changed ? getBudget(db, input.accountId, input.budgetId) : null;
}

/** Deletes a budget (its months go with it); false when the account has no such budget. */
export async function deleteBudget(
  db: Database,
  input: { accountId: string; budgetId: string; actor: AuditActor },
): Promise<boolean> {
  return db.transaction(async (trx) => {
    const [row] = await trx('budgets')
      .where({ id: input.budgetId, account_id: input.accountId })
      .delete()
      .returning<BudgetRow[]>(['id', 'api_key_id', 'monthly_limit_microusd']);
    if (!row) return false;
    await recordAudit(trx, {
      accountId: input.accountId,
      ...input.actor,
      action: 'budget.deleted',
      targetType: 'budget',
      targetId: row.id,
      summary: { apiKeyId: row.api_key_id, monthlyLimitMicroUsd: Number(row.monthly_limit_microusd) },
    });
    return true;
  });
}
