import { verifyAuditChain } from '../../../platform/audit/audit-trail';
import { verificationSchema } from '../../../platform/audit/audit-queries';
import { defineRoute } from '../../http/define-route';

export const operatorVerifyAuditRoute = defineRoute({
  method: 'get',
  path: '/v1/operator/audit/verify',
  summary: 'Recompute the whole hash chain (operators)',
  tags: ['operator'],
  auth: 'operator',
  // Recomputes the whole chain: the costliest read there is.
  rateLimit: { limit: 6, windowSeconds: 60 },
  request: {},
  responses: { 200: { description: 'The verification result', schema: verificationSchema } },
  async handler({ deps }) {
    return { status: 200, body: await verifyAuditChain(deps.db) };
  },
});
