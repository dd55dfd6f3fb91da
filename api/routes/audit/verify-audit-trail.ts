import { verifyAuditChain } from '../../../platform/audit/audit-trail';
import { verificationSchema } from '../../../platform/audit/audit-queries';
import { defineRoute } from '../../http/define-route';

export const verifyAuditTrailRoute = defineRoute({
  method: 'get',
  path: '/v1/audit/verify',
  summary: 'Recompute the hash chain and name the first broken entry',
  description:
    'The chain is one for the whole service, so this checks every entry; it answers only validity, the count and the first broken ID.',
  tags: ['audit'],
  auth: 'user',
  roles: ['owner', 'admin'],
  // Recomputes the whole chain: the costliest read a user can ask for.
  rateLimit: { limit: 6, windowSeconds: 60 },
  request: {},
  responses: { 200: { description: 'The verification result', schema: verificationSchema } },
  async handler({ deps }) {
    return { status: 200, body: await verifyAuditChain(deps.db) };
  },
});
