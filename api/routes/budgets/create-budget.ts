import { z } from 'zod';
import { budgetInputSchema, budgetViewSchema, createBudget } from '../../../platform/budgets/budgets';
import { auditActor } from '../../auth/principal';
import { defineRoute } from '../../http/define-route';

export const createBudgetRoute = defineRoute({
  method: 'post',
  path: '/v1/budgets',
  summary: 'Set a monthly budget for the account or one of its API keys',
  description:
    'Amounts are US micro-dollars. The gateway refuses a request (429, budget_exceeded) that could take the month ' +
    "past the limit, and the account's owners are e-mailed once a month when spending reaches alertPercent of it.",
  tags: ['budgets'],
  auth: 'user',
  roles: ['owner', 'admin'],
  request: { body: budgetInputSchema },
  responses: {
    201: { description: 'Created', schema: z.object({ budget: budgetViewSchema }) },
    404: { description: 'The account has no API key with that ID' },
    409: { description: 'The account, or that key, already has a budget' },
  },
  async handler({ body, principal, deps }) {
    const budget = await createBudget(deps.db, {
      accountId: principal.accountId,
      budget: body,
      createdBy: principal.userId,
      actor: auditActor(principal),
    });
    return { status: 201, body: { budget } };
  },
});
