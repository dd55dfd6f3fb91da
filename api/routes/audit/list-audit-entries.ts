import { z } from 'zod';
import { auditEntrySchema, auditPage, auditPageSchema } from '../../../platform/audit/audit-queries';
import { defineRoute } from '../../http/define-route';

export const listAuditEntriesRoute = defineRoute({
  method: 'get',
  path: '/v1/audit',
  summary: "The account's audit entries, newest first, with filters and cursor pagination",
  tags: ['audit'],
  auth: 'user',
  roles: ['owner', 'admin'],
  request: { query: auditPageSchema },
  responses: {
    200: {
      description: 'One page; pass nextCursor as cursor for the next',
      schema: z.object({ entries: z.array(auditEntrySchema), nextCursor: z.string().nullable() }),
    },
  },
  async handler({ query, principal, deps }) {
    return { status: 200, body: await auditPage(deps.db, principal.accountId, query) };
  },
});
