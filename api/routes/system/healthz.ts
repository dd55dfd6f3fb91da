import { z } from 'zod';
import { databaseIsReachable } from '../../../platform/database/database';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';

export const healthzRoute = defineRoute({
  method: 'get',
  path: '/healthz',
  summary: 'Liveness and readiness: 200 once Postgres answers',
  tags: ['system'],
  auth: 'public',
  rateLimit: false,
  request: {},
  responses: { 200: { description: 'Ready', schema: z.object({ status: z.literal('ok') }) } },
  async handler({ deps }) {
    if (!(await databaseIsReachable(deps.db))) throw new ApiError('SERVICE_UNAVAILABLE', 'database unreachable');
    return { status: 200, body: { status: 'ok' } };
  },
});
