import { z } from 'zod';
import { toPolicyView } from '../../../platform/policies/policy-store';
import { defineRoute } from '../../http/define-route';
import { policySchema } from './policy-schemas';

export const listPoliciesRoute = defineRoute({
  method: 'get',
  path: '/v1/policies',
  summary: "The account's policies",
  tags: ['policies'],
  auth: 'user',
  request: {},
  responses: { 200: { description: 'Policies by name', schema: z.object({ policies: z.array(policySchema) }) } },
  async handler({ principal, deps }) {
    const rows = await deps.db('policies').where({ account_id: principal.accountId }).orderBy('name').select('*');
    return { status: 200, body: { policies: rows.map(toPolicyView) } };
  },
});
