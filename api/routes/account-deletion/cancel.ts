import { z } from 'zod';
import { cancelAccountDeletion } from '../../../platform/temporal/account-deletion-client';
import { queryDeletionStatus } from './deletion-status';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';

export const cancelAccountDeletionRoute = defineRoute({
  method: 'delete',
  path: '/v1/account/deletion',
  summary: 'Cancel a pending deletion during its grace period: the account and its keys work again',
  tags: ['account-deletion'],
  auth: 'user',
  roles: ['owner'],
  allowDisabledAccount: true,
  request: {},
  responses: {
    202: {
      description: 'Cancellation sent; the account is restored within seconds',
      schema: z.object({ cancelled: z.literal(true) }),
    },
    404: { description: 'No pending deletion for this account' },
    409: { description: 'The purge has begun; the deletion can no longer be cancelled' },
  },
  async handler({ principal, deps }) {
    const client = await deps.temporal();
    const deletion = await queryDeletionStatus(client, principal.accountId);
    if (!deletion || deletion.state === 'cancelled')
      throw new ApiError('NOT_FOUND', 'no pending deletion for this account');
    if (deletion.state !== 'grace-period')
      throw new ApiError('CONFLICT', 'the purge has begun; the deletion can no longer be cancelled');
    await cancelAccountDeletion(client, principal.accountId, { cancelledByUserId: principal.userId });
    return { status: 202, body: { cancelled: true } };
  },
});
