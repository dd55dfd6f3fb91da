import { z } from 'zod';
import { recordAudit } from '../../../platform/audit/audit-trail';
import { findRequestInRegions } from '../../../platform/data-subject-requests/requests';
import { auditActor } from '../../auth/principal';
import { ApiError } from '../../errors/api-error';
import { refuseWhileMoving } from '../../http/account-move-guard';
import { defineRoute } from '../../http/define-route';
import { requestIdParams } from './dsr-view';

export const operatorRevealSubjectEmailRoute = defineRoute({
  method: 'post',
  path: '/v1/operator/data-subject-requests/:requestId/subject-email',
  summary: "Operators: reveal the subject's e-mail address (audited)",
  description:
    'Lists and details show the address masked. Each reveal is recorded in the audit trail (which operator, which request; never the address) before the address is returned. 404 when the request holds no address (anonymised).',
  tags: ['privacy', 'operator'],
  auth: 'operator',
  request: { params: requestIdParams },
  responses: { 200: { description: 'The address', schema: z.object({ email: z.string() }) } },
  async handler({ params, principal, deps }) {
    const found = await findRequestInRegions(deps.regions.all(), params.requestId);
    if (!found) throw new ApiError('NOT_FOUND', 'no such request');
    await refuseWhileMoving(found.db, found.row.account_id);
    const request = found.row;
    const email = request.subject_email;
    if (email === null) throw new ApiError('NOT_FOUND', 'this request holds no e-mail address');
    await found.db.transaction((trx) =>
      recordAudit(trx, {
        accountId: request.account_id,
        ...auditActor(principal),
        action: 'data_subject_request.subject_email_revealed',
        targetType: 'data_subject_request',
        targetId: request.id,
      }),
    );
    return { status: 200, body: { email } };
  },
});
