import { z } from 'zod';
import { ApiError } from '../../errors/api-error';
import { refuseWhileMoving } from '../../http/account-move-guard';
import { defineRoute } from '../../http/define-route';
import { addNote } from '../../../platform/data-subject-requests/request-events';
import { findRequestInRegions } from '../../../platform/data-subject-requests/requests';
import { requestIdParams } from './dsr-view';

export const operatorAddNoteRoute = defineRoute({
  method: 'post',
  path: '/v1/operator/data-subject-requests/:requestId/notes',
  summary: "Operators: add a note to the request's evidence trail",
  tags: ['privacy', 'operator'],
  auth: 'operator',
  request: { params: requestIdParams, body: z.object({ text: z.string().trim().min(1).max(5000) }) },
  responses: { 201: { description: 'Added', schema: z.object({ eventId: z.string() }) } },
  async handler({ params, body, principal, deps }) {
    const found = await findRequestInRegions(deps.regions.all(), params.requestId);
    if (!found) throw new ApiError('NOT_FOUND', 'no such request');
    await refuseWhileMoving(found.db, found.row.account_id);
    return { status: 201, body: { eventId: await addNote(found.db, params.requestId, principal.userId, body.text) } };
  },
});
