import { z } from 'zod';
import { recordAudit } from '../../../platform/audit/audit-trail';
import { policyRulesSchema } from '../../../platform/policies/policy-rules';
import { auditActor } from '../../auth/principal';
import { insertVersion, lockPolicy, toPolicyView, toVersionView } from '../../../platform/policies/policy-store';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { idParam } from '../../http/common-schemas';
import { policySchema, policyVersionSchema } from './policy-schemas';

export const createPolicyVersionRoute = defineRoute({
  method: 'post',
  path: '/v1/policies/:policyId/versions',
  summary: 'Publish a new version of a policy (versions are never edited)',
  tags: ['policies'],
  auth: 'user',
  roles: ['owner', 'admin'],
  request: {
    params: idParam('policyId'),
    body: z.object({ rules: policyRulesSchema, activate: z.boolean().default(true) }),
  },
  responses: {
    201: { description: 'Published', schema: z.object({ policy: policySchema, version: policyVersionSchema }) },
  },
  async handler({ params, body, principal, deps }) {
    const result = await deps.db.transaction(async (trx) => {
      const policy = await lockPolicy(trx, principal.accountId, params.policyId);
      if (!policy) throw new ApiError('NOT_FOUND', 'no such policy');
      const { max } = (await trx('policy_versions')
        .where({ policy_id: policy.id })
        .max<{ max: number | null }>('version as max')
        .first()) ?? { max: 0 };
      const next = (max ?? 0) + 1;
      const version = await insertVersion(trx, {
        policyId: policy.id,
        accountId: principal.accountId,
        version: next,
        rules: body.rules,
        createdBy: principal.userId,
      });
      const activeVersion = body.activate ? next : policy.active_version;
      const [updated] = await trx('policies')
        .where({ id: policy.id })
        .update({ active_version: activeVersion, updated_at: trx.fn.now() })
        .returning('*');
      await recordAudit(trx, {
        accountId: principal.accountId,
        ...auditActor(principal),
        action: 'policy.version_created',
        targetType: 'policy',
        targetId: policy.id,
        summary: {
          version: next,
          activated: body.activate,
          ruleCount: body.rules.length,
          ruleIds: body.rules.map((r) => r.id),
        },
      });
      return { policy: toPolicyView(updated ?? policy), version: toVersionView(version) };
    });
    return { status: 201, body: result };
  },
});
