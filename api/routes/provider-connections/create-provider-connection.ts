import { z } from 'zod';
import { auditActor } from '../../auth/principal';
import { defineRoute } from '../../http/define-route';
import { createNetworkGuard } from '../../../platform/provider-connections/network-guard';
import {
  createProviderConnection,
  providerConnectionInputSchema,
} from '../../../platform/provider-connections/provider-connections';
import { providerConnectionSchema } from './provider-connection-schema';

export const createProviderConnectionRoute = defineRoute({
  method: 'post',
  path: '/v1/provider-connections',
  summary: "Connect the account's own provider (its key is stored encrypted and never shown again)",
  description:
    "The gateway sends the account's requests for the models listed here to this provider, with this key, ahead of " +
    "the platform's providers. A base URL that reaches, or resolves to, a loopback, link-local or private address is " +
    'refused unless the operator allows it.',
  tags: ['provider-connections'],
  auth: 'user',
  roles: ['owner', 'admin'],
  request: { body: providerConnectionInputSchema },
  responses: {
    201: { description: 'Connected', schema: z.object({ connection: providerConnectionSchema }) },
    409: { description: 'The account already has a connection of that name' },
  },
  async handler({ body, principal, deps }) {
    const connection = await createProviderConnection(
      { db: deps.db, masterKey: deps.config.keys.master, guard: createNetworkGuard(deps.config.providers.network) },
      { accountId: principal.accountId, connection: body, createdBy: principal.userId, actor: auditActor(principal) },
    );
    return { status: 201, body: { connection } };
  },
});
