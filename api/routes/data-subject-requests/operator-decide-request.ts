import { z } from 'zod';
import { ApiError } from '../../errors/api-error';
import { refuseWhileMoving } from '../../http/account-move-guard';
import { defineRoute } from '../../http/define-route';
import { decideRequest } from '../../../platform/temporal/data-subject-request-client';
import { decisionSchema } from '../../../platform/data-subject-requests/request-events';
import { findRequestInRegions } from '../../../platform/data-subject-requests/requests';
import { requestIdParams } from './dsr-view';

export const operatorDecideRequestRoute = defineRoute({
  method: 'post',
  path: '/v1/operator/data-subject-requests/:requestId/decisions',
  summary:
    'Operators: decide an erasure or rectification — proceed (optionally retaining categories under a legal exception) or refuse with a legal basis',
  tags: ['privacy', 'operator'],
  auth: 'operator',
  request: { params: requestIdParams, body: decisionSchema },
  responses: { 202: { description: 'Recorded; the workflow continues', schema: z.object({ eventId: z.string() }) } },
  async handler({ params, body, principal, deps }) {
    const found = await findRequestInRegions(deps.regions.all(), params.requestId);
    if (!found || found.row.closed_at) throw new ApiError('NOT_FOUND', 'no such open request');
    await refuseWhileMoving(found.db, found.row.account_id);
    const { row } = found;
    if ((body.outcome === 'refuse' || body.retain.length > 0) && body.basis.length < 10)
      throw new ApiError('BAD_REQUEST', 'a refusal or exception needs its legal basis');
    const eventId = await decideRequest(await deps.temporal(), found.db, row.id, principal.userId, body);
    return { status: 202, body: { eventId } };
  },
});
