import { z } from 'zod';
import { defineRoute } from '../../http/define-route';
import { listProviderConnections } from '../../../platform/provider-connections/provider-connections';
import { providerConnectionSchema } from './provider-connection-schema';

export const listProviderConnectionsRoute = defineRoute({
  method: 'get',
  path: '/v1/provider-connections',
  summary: "The account's provider connections (keys shown by their last four characters only)",
  tags: ['provider-connections'],
  auth: 'user',
  roles: ['owner', 'admin'],
  request: {},
  responses: {
    200: { description: 'Connections', schema: z.object({ connections: z.array(providerConnectionSchema) }) },
  },
  async handler({ principal, deps }) {
    return { status: 200, body: { connections: await listProviderConnections(deps.db, principal.accountId) } };
  },
});
