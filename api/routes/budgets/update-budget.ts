import { z } from 'zod';
import { budgetUpdateSchema, budgetViewSchema, updateBudget } from '../../../platform/budgets/budgets';
import { auditActor } from '../../auth/principal';
import { ApiError } from '../../errors/api-error';
import { idParam } from '../../http/common-schemas';
import { defineRoute } from '../../http/define-route';

export const updateBudgetRoute = defineRoute({
  method: 'patch',
  path: '/v1/budgets/:budgetId',
  summary: "Change a budget's monthly limit or alert threshold (applies to this month at once)",
  tags: ['budgets'],
  auth: 'user',
  roles: ['owner', 'admin'],
  request: { params: idParam('budgetId'), body: budgetUpdateSchema },
  responses: { 200: { description: 'Changed', schema: z.object({ budget: budgetViewSchema }) } },
  async handler({ params, body, principal, deps }) {
    const budget = await updateBudget(deps.db, {
      accountId: principal.accountId,
      budgetId: params.budgetId,
      update: body,
      actor: auditActor(principal),
    });
    if (!budget) throw new ApiError('NOT_FOUND', 'no such budget');
    return { status: 200, body: { budget } };
  },
});
