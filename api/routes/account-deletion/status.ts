import { z } from 'zod';
import { queryDeletionStatus } from './deletion-status';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { accountDeletionStatusSchema } from './deletion-status-schema';

export const accountDeletionStatusRoute = defineRoute({
  method: 'get',
  path: '/v1/account/deletion',
  summary: "The account's deletion: state and purge date",
  tags: ['account-deletion'],
  auth: 'user',
  roles: ['owner'],
  allowDisabledAccount: true,
  request: {},
  responses: {
    200: { description: 'Deletion status', schema: z.object({ deletion: accountDeletionStatusSchema }) },
    404: { description: 'No deletion was requested for this account' },
  },
  async handler({ principal, deps }) {
    const deletion = await queryDeletionStatus(await deps.temporal(), principal.accountId);
    if (!deletion) throw new ApiError('NOT_FOUND', 'no deletion was requested for this account');
    return { status: 200, body: { deletion } };
  },
});
