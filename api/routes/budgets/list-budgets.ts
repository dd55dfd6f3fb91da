import { z } from 'zod';
import { budgetViewSchema, listBudgets } from '../../../platform/budgets/budgets';
import { defineRoute } from '../../http/define-route';

export const listBudgetsRoute = defineRoute({
  method: 'get',
  path: '/v1/budgets',
  summary: "The account's monthly budgets, with this month's spend and reservations",
  tags: ['budgets'],
  auth: 'user',
  request: {},
  responses: { 200: { description: 'Budgets', schema: z.object({ budgets: z.array(budgetViewSchema) }) } },
  async handler({ principal, deps }) {
    return { status: 200, body: { budgets: await listBudgets(deps.db, principal.accountId) } };
  },
});
