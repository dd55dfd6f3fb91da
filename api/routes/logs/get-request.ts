import { findRequestLogEntry } from '../../../platform/gateway-logs/request-log';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { requestIdParams, requestLogEntrySchema } from './request-log-view';

export const getRequestRoute = defineRoute({
  method: 'get',
  path: '/v1/logs/requests/:requestId',
  summary: 'One gateway request of the account (metadata only)',
  tags: ['logs'],
  auth: 'user',
  roles: ['owner', 'admin'],
  request: { params: requestIdParams },
  responses: { 200: { description: 'The request', schema: requestLogEntrySchema } },
  async handler({ params, principal, deps }) {
    const entry = await findRequestLogEntry(deps.db, principal.accountId, params.requestId);
    if (!entry) throw new ApiError('NOT_FOUND', 'no such request');
    return { status: 200, body: entry };
  },
});
