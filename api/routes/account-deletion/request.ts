import { z } from 'zod';
import { requestAccountDeletion } from '../../../platform/temporal/account-deletion-client';
import { queryDeletionStatus } from './deletion-status';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { accountDeletionStatusSchema } from './deletion-status-schema';

export const requestAccountDeletionRoute = defineRoute({
  method: 'post',
  path: '/v1/account/deletion',
  summary:
    'Request deletion of the account: disabled at once, purged after a 90-day grace period (asking twice starts nothing new)',
  tags: ['account-deletion'],
  auth: 'user',
  roles: ['owner'],
  allowDisabledAccount: true,
  request: {},
  responses: {
    202: {
      description: 'Deletion scheduled',
      schema: z.object({ started: z.boolean(), deletion: accountDeletionStatusSchema }),
    },
    404: { description: 'The account no longer exists' },
  },
  async handler({ principal, deps }) {
    const account = await deps
      .db('accounts')
      .where({ id: principal.accountId })
      .first<{ region: 'eu' | 'us' | 'apac' } | undefined>('region');
    if (!account) throw new ApiError('NOT_FOUND', 'no such account');
    const client = await deps.temporal();
    const { started } = await requestAccountDeletion(client, {
      accountId: principal.accountId,
      requestedByUserId: principal.userId,
      region: account.region,
    });
    const deletion = await queryDeletionStatus(client, principal.accountId);
    if (!deletion) throw new ApiError('SERVICE_UNAVAILABLE', 'the deletion workflow is not answering yet; try again');
    return { status: 202, body: { started, deletion } };
  },
});
