import { verifyAuditChain } from '../../../platform/audit/audit-trail';
import { verificationSchema } from '../../../platform/audit/audit-queries';
import { defineRoute } from '../../http/define-route';

export const operatorVerifyAuditRoute = defineRoute({
  method: 'get',
  path: '/v1/operator/audit/verify',
  summary: 'Recompute the whole hash chain (operators)',
  tags: ['operator'],
  auth: 'operator',
  request: {},
  responses: { 200: { description: 'The verification result', schema: verificationSchema } },
  async handler({ deps }) {
    return { status: 200, body: await verifyAuditChain(deps.db) };
  },
});
