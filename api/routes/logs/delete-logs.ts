import { z } from 'zod';
import { recordAudit } from '../../../platform/audit/audit-trail';
import { auditActor } from '../../auth/principal';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { timestampSchema } from '../../http/common-schemas';

export const deleteLogsRoute = defineRoute({
  method: 'delete',
  path: '/v1/logs',
  summary: "Delete the account's gateway logs (metadata and full logs) for a time range, or all of them",
  description:
    'Immediate and irreversible; recorded in the audit trail (which itself is never deletable). Without from/to, everything goes.',
  tags: ['logs'],
  auth: 'user',
  roles: ['owner'],
  request: {
    query: z.object({
      from: timestampSchema.optional().meta({ description: 'Inclusive start' }),
      to: timestampSchema.optional().meta({ description: 'Exclusive end' }),
    }),
  },
  responses: {
    200: {
      description: 'Deleted',
      schema: z.object({ deletedRequests: z.number().int(), deletedFullLogs: z.number().int() }),
    },
  },
  async handler({ query, principal, deps }) {
    if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to))
      throw new ApiError('BAD_REQUEST', 'query.from must be before query.to');
    const result = await deps.db.transaction(async (trx) => {
      const scope = (table: string) => {
        const q = trx(table).where({ account_id: principal.accountId });
        if (query.from) void q.where('created_at', '>=', query.from);
        if (query.to) void q.where('created_at', '<', query.to);
        return q;
      };
      const deletedFullLogs = await scope('gateway_full_logs').delete();
      const deletedRequests = await scope('gateway_requests').delete();
      await recordAudit(trx, {
        accountId: principal.accountId,
        ...auditActor(principal),
        action: 'logs.deleted',
        targetType: 'account',
        targetId: principal.accountId,
        summary: { from: query.from ?? null, to: query.to ?? null, deletedRequests, deletedFullLogs },
      });
      return { deletedRequests, deletedFullLogs };
    });
    return { status: 200, body: result };
  },
});
