import { deleteBudget } from '../../../platform/budgets/budgets';
import { auditActor } from '../../auth/principal';
import { ApiError } from '../../errors/api-error';
import { idParam } from '../../http/common-schemas';
import { defineRoute } from '../../http/define-route';

export const deleteBudgetRoute = defineRoute({
  method: 'delete',
  path: '/v1/budgets/:budgetId',
  summary: 'Delete a budget (its key or the account is no longer limited by it)',
  tags: ['budgets'],
  auth: 'user',
  roles: ['owner', 'admin'],
  request: { params: idParam('budgetId') },
  responses: { 204: { description: 'Deleted' } },
  async handler({ params, principal, deps }) {
    const deleted = await deleteBudget(deps.db, {
      accountId: principal.accountId,
      budgetId: params.budgetId,
      actor: auditActor(principal),
    });
    if (!deleted) throw new ApiError('NOT_FOUND', 'no such budget');
    return { status: 204, body: undefined };
  },
});
