import { z } from 'zod';
import { auditEntrySchema, auditPage, auditPageSchema } from '../../../platform/audit/audit-queries';
import { defineRoute } from '../../http/define-route';

export const listAllAuditEntriesRoute = defineRoute({
  method: 'get',
  path: '/v1/operator/audit',
  summary: 'Audit entries of every account (operators), newest first',
  tags: ['operator'],
  auth: 'operator',
  request: { query: auditPageSchema.extend({ accountId: z.uuid().optional() }) },
  responses: {
    200: {
      description: 'One page',
      schema: z.object({ entries: z.array(auditEntrySchema), nextCursor: z.string().nullable() }),
    },
  },
  async handler({ query, deps }) {
    return { status: 200, body: await auditPage(deps.db, query.accountId ?? null, query) };
  },
});
