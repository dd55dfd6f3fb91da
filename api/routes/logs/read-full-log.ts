import { z } from 'zod';
import { readFullLog } from '../../../platform/full-logs/full-log-reads';
import { auditActor } from '../../auth/principal';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { requestIdParams } from './request-log-view';

export const readFullLogRoute = defineRoute({
  method: 'get',
  path: '/v1/logs/requests/:requestId/full-log',
  summary: "One request's prompt and completion, decrypted on demand",
  description:
    'Each read is recorded in the audit trail (who, which request; never the content) before the text is returned. 404 when the request has no full log.',
  tags: ['logs'],
  auth: 'user',
  roles: ['owner', 'admin'],
  request: { params: requestIdParams },
  responses: {
    200: {
      description: 'The full log',
      schema: z.object({
        requestId: z.uuid(),
        createdAt: z.date(),
        prompt: z.array(z.string()).meta({ description: 'The prompt as forwarded upstream (after redaction)' }),
        completion: z.string(),
      }),
    },
  },
  async handler({ params, principal, deps }) {
    const read = await readFullLog(deps.db, deps.config.keys.master, {
      accountId: principal.accountId,
      requestId: params.requestId,
      ...auditActor(principal),
    });
    if (!read) throw new ApiError('NOT_FOUND', 'no full log for this request');
    return { status: 200, body: read };
  },
});
