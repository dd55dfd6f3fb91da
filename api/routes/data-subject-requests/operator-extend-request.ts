import { z } from 'zod';
import { ApiError } from '../../errors/api-error';
import { refuseWhileMoving } from '../../http/account-move-guard';
import { defineRoute } from '../../http/define-route';
import { extendRequest } from '../../../platform/temporal/data-subject-request-client';
import { findRequestInRegions } from '../../../platform/data-subject-requests/requests';
import { requestIdParams } from './dsr-view';

export const operatorExtendRequestRoute = defineRoute({
  method: 'post',
  path: '/v1/operator/data-subject-requests/:requestId/extensions',
  summary:
    'Operators: extend the deadline (GDPR: within the first month; CCPA: within 45 days; once); the reason is e-mailed to the subject',
  tags: ['privacy', 'operator'],
  auth: 'operator',
  request: { params: requestIdParams, body: z.object({ reason: z.string().trim().min(10).max(2000) }) },
  responses: {
    200: { description: 'Extended', schema: z.object({ dueAt: z.string() }) },
    409: { description: 'The request cannot be extended (again)' },
  },
  async handler({ params, body, principal, deps }) {
    const found = await findRequestInRegions(deps.regions.all(), params.requestId);
    if (!found || found.row.closed_at) throw new ApiError('NOT_FOUND', 'no such open request');
    await refuseWhileMoving(found.db, found.row.account_id);
    const result = await extendRequest(await deps.temporal(), found.db, found.row.id, principal.userId, body.reason);
    if (!result.allowed) throw new ApiError('CONFLICT', result.reason ?? 'extension refused');
    return { status: 200, body: { dueAt: result.dueAt ?? '' } };
  },
});
