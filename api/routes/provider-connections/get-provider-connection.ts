import { z } from 'zod';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { getProviderConnection } from '../../../platform/provider-connections/provider-connections';
import { connectionIdParams, providerConnectionSchema } from './provider-connection-schema';

export const getProviderConnectionRoute = defineRoute({
  method: 'get',
  path: '/v1/provider-connections/:connectionId',
  summary: 'One provider connection',
  tags: ['provider-connections'],
  auth: 'user',
  roles: ['owner', 'admin'],
  request: { params: connectionIdParams },
  responses: { 200: { description: 'The connection', schema: z.object({ connection: providerConnectionSchema }) } },
  async handler({ params, principal, deps }) {
    const connection = await getProviderConnection(deps.db, principal.accountId, params.connectionId);
    if (!connection) throw new ApiError('NOT_FOUND', 'no such provider connection');
    return { status: 200, body: { connection } };
  },
});
