import { z } from 'zod';
import { recordAudit } from '../../../platform/audit/audit-trail';
import { policyRulesSchema } from '../../../platform/policies/policy-rules';
import { auditActor } from '../../auth/principal';
import { isUniqueViolation } from '../../../platform/accounts/accounts';
import { insertVersion, toPolicyView, toVersionView } from '../../../platform/policies/policy-store';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { policyNameSchema, policySchema, policyVersionSchema } from './policy-schemas';

export const createPolicyRoute = defineRoute({
  method: 'post',
  path: '/v1/policies',
  summary: 'Create a policy with its first version (active at once)',
  tags: ['policies'],
  auth: 'user',
  roles: ['owner', 'admin'],
  request: { body: z.object({ name: policyNameSchema, rules: policyRulesSchema }) },
  responses: {
    201: { description: 'Created', schema: z.object({ policy: policySchema, version: policyVersionSchema }) },
    409: { description: 'A policy with this name exists' },
  },
  async handler({ body, principal, deps }) {
    try {
      const result = await deps.db.transaction(async (trx) => {
        const [policy] = await trx('policies')
          .insert({ account_id: principal.accountId, name: body.name, active_version: 1 })
          .returning('*');
        if (!policy) throw new Error('policy insert returned no row');
        const version = await insertVersion(trx, {
          policyId: policy.id,
          accountId: principal.accountId,
          version: 1,
          rules: body.rules,
          createdBy: principal.userId,
        });
        await recordAudit(trx, {
          accountId: principal.accountId,
          ...auditActor(principal),
          action: 'policy.created',
          targetType: 'policy',
          targetId: policy.id,
          summary: { version: 1, ruleCount: body.rules.length, ruleIds: body.rules.map((r) => r.id) },
        });
        return { policy: toPolicyView(policy), version: toVersionView(version) };
      });
      return { status: 201, body: result };
    } catch (error) {
      if (isUniqueViolation(error)) throw new ApiError('CONFLICT', 'a policy with this name already exists');
      throw error;
    }
  },
});
