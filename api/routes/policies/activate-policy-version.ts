import { z } from 'zod';
import { recordAudit } from '../../../platform/audit/audit-trail';
import { auditActor } from '../../auth/principal';
import { lockPolicy, toPolicyView } from '../../../platform/policies/policy-store';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { idParam, pgIntegerSchema } from '../../http/common-schemas';
import { policySchema } from './policy-schemas';

export const activatePolicyVersionRoute = defineRoute({
  method: 'put',
  path: '/v1/policies/:policyId/active-version',
  summary: 'Make an existing version the enforced one (e.g. roll back)',
  tags: ['policies'],
  auth: 'user',
  roles: ['owner', 'admin'],
  request: { params: idParam('policyId'), body: z.object({ version: pgIntegerSchema.min(1) }) },
  responses: { 200: { description: 'Activated', schema: z.object({ policy: policySchema }) } },
  async handler({ params, body, principal, deps }) {
    const policy = await deps.db.transaction(async (trx) => {
      const existing = await lockPolicy(trx, principal.accountId, params.policyId);
      if (!existing) throw new ApiError('NOT_FOUND', 'no such policy');
      const version = await trx('policy_versions').where({ policy_id: existing.id, version: body.version }).first('id');
      if (!version) throw new ApiError('NOT_FOUND', `policy has no version ${body.version}`);
      const [updated] = await trx('policies')
        .where({ id: existing.id })
        .update({ active_version: body.version, updated_at: trx.fn.now() })
        .returning('*');
      await recordAudit(trx, {
        accountId: principal.accountId,
        ...auditActor(principal),
        action: 'policy.activated',
        targetType: 'policy',
        targetId: existing.id,
        summary: { fromVersion: existing.active_version, toVersion: body.version },
      });
      return updated ?? existing;
    });
    return { status: 200, body: { policy: toPolicyView(policy) } };
  },
});
