import { auditActor } from '../../auth/principal';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { deleteProviderConnection } from '../../../platform/provider-connections/provider-connections';
import { connectionIdParams } from './provider-connection-schema';

export const deleteProviderConnectionRoute = defineRoute({
  method: 'delete',
  path: '/v1/provider-connections/:connectionId',
  summary: "Delete a provider connection (its models go back to the platform's providers, if enabled)",
  tags: ['provider-connections'],
  auth: 'user',
  roles: ['owner', 'admin'],
  request: { params: connectionIdParams },
  responses: { 204: { description: 'Deleted' } },
  async handler({ params, principal, deps }) {
    const deleted = await deleteProviderConnection(deps.db, {
      accountId: principal.accountId,
      connectionId: params.connectionId,
      actor: auditActor(principal),
    });
    if (!deleted) throw new ApiError('NOT_FOUND', 'no such provider connection');
    return { status: 204, body: undefined };
  },
});
