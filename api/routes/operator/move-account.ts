import { z } from 'zod';
import { requestAccountMove } from '../../../platform/temporal/account-move-client';
import { idParam, regionSchema } from '../../http/common-schemas';
import { defineRoute } from '../../http/define-route';

export const moveAccountRoute = defineRoute({
  method: 'post',
  path: '/v1/operator/accounts/:accountId/move',
  summary: 'Move an account to another region: its rows are copied, verified, switched and purged from the source',
  description:
    'The account is disabled while it moves; each step is audited in the database it changes. Its users sign in again afterwards; its recurring exports run in the new region from then on. Needs a worker serving every region. Refused (409) while the account has open privacy requests or a pending deletion, whose workflows run against its current region.',
  tags: ['operator'],
  auth: 'operator',
  request: { params: idParam('accountId'), body: z.object({ region: regionSchema }) },
  responses: {
    202: {
      description: 'The move has started (or was already running)',
      schema: z.object({ workflowId: z.string(), from: regionSchema, to: regionSchema }),
    },
  },
  async handler({ params, body, principal, deps }) {
    const { workflowId, from, to } = await requestAccountMove(deps.temporal, deps.regions, {
      accountId: params.accountId,
      to: body.region,
      operatorId: principal.userId,
    });
    return { status: 202, body: { workflowId, from, to } };
  },
});
