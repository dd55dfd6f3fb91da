import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { findRequest } from '../../../platform/data-subject-requests/requests';
import { dsrViewSchema, requestIdParams, toDsrView } from './dsr-view';

export const getOwnRequestRoute = defineRoute({
  method: 'get',
  path: '/v1/data-subject-requests/:requestId',
  summary: 'Status of one of your privacy requests',
  tags: ['privacy'],
  auth: 'user',
  // A person's privacy rights outlast their account's deletion request.
  allowDisabledAccount: true,
  request: { params: requestIdParams },
  responses: { 200: { description: 'The request', schema: dsrViewSchema } },
  async handler({ params, principal, deps }) {
    const row = await findRequest(deps.db, params.requestId);
    if (!row || row.subject_user_id !== principal.userId) throw new ApiError('NOT_FOUND', 'no such request');
    return { status: 200, body: toDsrView(row) };
  },
});
