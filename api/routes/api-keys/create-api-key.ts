import { z } from 'zod';
import { auditActor } from '../../auth/principal';
import { createApiKey } from '../../../platform/accounts/api-keys';
import { directoryWrites } from '../../../platform/regions/directory';
import { defineRoute } from '../../http/define-route';
import { apiKeySchema } from './api-key-schema';

export const createApiKeyRoute = defineRoute({
  method: 'post',
  path: '/v1/api-keys',
  summary: 'Create an API key for the gateway (the secret is shown once)',
  tags: ['api-keys'],
  auth: 'user',
  roles: ['owner', 'admin'],
  request: { body: z.object({ name: z.string().trim().min(1).max(100) }) },
  responses: {
    201: {
      description: 'Created; `apiKey` is the only time the secret is shown',
      schema: z.object({ key: apiKeySchema, apiKey: z.string() }),
    },
  },
  async handler({ body, principal, deps }) {
    const directory = directoryWrites(deps);
    const created = await directory.run(() =>
      deps.db.transaction((trx) =>
        createApiKey(
          trx,
          {
            accountId: principal.accountId,
            name: body.name,
            createdBy: principal.userId,
            actor: auditActor(principal),
          },
          directory,
        ),
      ),
    );
    return { status: 201, body: { key: created.key, apiKey: created.plaintext } };
  },
});
