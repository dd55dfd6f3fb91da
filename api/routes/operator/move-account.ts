import { z } from 'zod';
import { planAllowsRegion, regionNotInPlanMessage } from '../../../platform/billing/plans';
import { moveBlockers } from '../../../platform/regions/account-move';
import { regionOfAccount } from '../../../platform/regions/directory';
import { startAccountMove } from '../../../platform/temporal/account-move-client';
import { ApiError } from '../../errors/api-error';
import { idParam, regionSchema } from '../../http/common-schemas';
import { defineRoute } from '../../http/define-route';

export const moveAccountRoute = defineRoute({
  method: 'post',
  path: '/v1/operator/accounts/:accountId/move',
  summary: 'Move an account to another region: its rows are copied, verified, switched and purged from the source',
  description:
    'The account is disabled while it moves; each step is audited in the database it changes. Its users sign in again afterwards. Needs a worker serving every region. Refused (409) while the account has open privacy requests, a pending deletion or recurring exports, whose workflows run against its current region.',
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
    const from = (await regionOfAccount(deps.regions.directory, params.accountId)) ?? deps.regions.primaryRegion;
    const account = await deps.regions
      .of(from)('accounts')
      .where({ id: params.accountId })
      .first('status', 'plan', 'region');
    if (!account) throw new ApiError('NOT_FOUND', 'no such account');
    if (account.region === body.region)
      throw new ApiError('CONFLICT', `the account is homed in ${body.region} already`);
    if (account.status !== 'active') throw new ApiError('CONFLICT', 'only an active account is moved');
    const blockers = await moveBlockers(deps.regions.of(from), params.accountId);
    if (blockers.length) throw new ApiError('CONFLICT', `the account cannot move while it has ${blockers.join(', ')}`);
    if (!planAllowsRegion(account.plan, body.region))
      throw new ApiError('CONFLICT', regionNotInPlanMessage(account.plan, body.region));
    const { workflowId } = await startAccountMove(await deps.temporal(), {
      accountId: params.accountId,
      from: account.region,
      to: body.region,
      operatorId: principal.userId,
    });
    return { status: 202, body: { workflowId, from: account.region, to: body.region } };
  },
});
