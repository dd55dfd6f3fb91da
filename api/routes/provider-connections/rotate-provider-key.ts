import { z } from 'zod';
import { auditActor } from '../../auth/principal';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import {
  rotateProviderKey,
  rotateProviderKeyInputSchema,
} from '../../../platform/provider-connections/provider-connections';
import { connectionIdParams, providerConnectionSchema } from './provider-connection-schema';

export const rotateProviderKeyRoute = defineRoute({
  method: 'post',
  path: '/v1/provider-connections/:connectionId/rotate-key',
  summary: "Replace a connection's key (gateways use the new key from their next request)",
  tags: ['provider-connections'],
  auth: 'user',
  roles: ['owner', 'admin'],
  request: { params: connectionIdParams, body: rotateProviderKeyInputSchema },
  responses: { 200: { description: 'Rotated', schema: z.object({ connection: providerConnectionSchema }) } },
  async handler({ params, body, principal, deps }) {
    const connection = await rotateProviderKey(
      { db: deps.db, masterKey: deps.config.keys.master },
      {
        accountId: principal.accountId,
        connectionId: params.connectionId,
        apiKey: body.apiKey,
        actor: auditActor(principal),
      },
    );
    if (!connection) throw new ApiError('NOT_FOUND', 'no such provider connection');
    return { status: 200, body: { connection } };
  },
});
