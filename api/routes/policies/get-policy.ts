import { z } from 'zod';
import { toPolicyView, toVersionView } from '../../../platform/policies/policy-store';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { idParam } from '../../http/common-schemas';
import { policySchema, policyVersionSchema } from './policy-schemas';

export const getPolicyRoute = defineRoute({
  method: 'get',
  path: '/v1/policies/:policyId',
  summary: 'A policy with every version, newest first',
  tags: ['policies'],
  auth: 'user',
  request: { params: idParam('policyId') },
  responses: {
    200: {
      description: 'The policy',
      schema: z.object({ policy: policySchema, versions: z.array(policyVersionSchema) }),
    },
  },
  async handler({ params, principal, deps }) {
    const policy = await deps.db('policies').where({ id: params.policyId, account_id: principal.accountId }).first('*');
    if (!policy) throw new ApiError('NOT_FOUND', 'no such policy');
    const versions = await deps
      .db('policy_versions')
      .where({ policy_id: policy.id })
      .orderBy('version', 'desc')
      .select('*');
    return { status: 200, body: { policy: toPolicyView(policy), versions: versions.map(toVersionView) } };
  },
});
