import { z } from 'zod';
import { decodeCursor, listRequestLog } from '../../../platform/gateway-logs/request-log';
import { ApiError } from '../../errors/api-error';
import { timestampSchema } from '../../http/common-schemas';
import { defineRoute } from '../../http/define-route';
import { requestLogEntrySchema } from './request-log-view';

export const listRequestsRoute = defineRoute({
  method: 'get',
  path: '/v1/logs/requests',
  summary: "The account's gateway requests, newest first, with filters and cursor pagination",
  description:
    'Metadata only. Owners and admins: a request log shows every key of the account, so members see usage, not the log.',
  tags: ['logs'],
  auth: 'user',
  roles: ['owner', 'admin'],
  request: {
    query: z.object({
      from: timestampSchema.optional().meta({ description: 'Inclusive start' }),
      to: timestampSchema.optional().meta({ description: 'Exclusive end' }),
      keyId: z.uuid().optional(),
      model: z.string().min(1).max(200).optional(),
      verdict: z.enum(['ALLOW', 'BLOCK']).optional(),
      ruleId: z
        .string()
        .regex(/^[A-Za-z0-9_.-]{1,100}$/)
        .optional()
        .meta({ description: 'Requests this rule matched' }),
      status: z.coerce.number().int().min(100).max(599).optional().meta({ description: 'HTTP status' }),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: z.string().max(200).optional().meta({ description: "The previous page's nextCursor" }),
    }),
  },
  responses: {
    200: {
      description: 'One page; pass nextCursor as cursor for the next (null on the last page)',
      schema: z.object({ data: z.array(requestLogEntrySchema), nextCursor: z.string().nullable() }),
    },
  },
  async handler({ query, principal, deps }) {
    if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to))
      throw new ApiError('BAD_REQUEST', 'query.from must be before query.to');
    const cursor = query.cursor === undefined ? null : decodeCursor(query.cursor);
    if (query.cursor !== undefined && !cursor)
      throw new ApiError('BAD_REQUEST', 'query.cursor is not a cursor this list handed out');
    const page = await listRequestLog(deps.db, principal.accountId, query, { limit: query.limit, cursor });
    return { status: 200, body: page };
  },
});
