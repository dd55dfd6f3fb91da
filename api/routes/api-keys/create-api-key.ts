import { z } from 'zod';
import { auditActor } from '../../auth/principal';
import { createApiKey } from '../../../platform/accounts/api-keys';
import { generateApiKey } from '../../../platform/crypto/api-keys';
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
    // The prefix enters the directory first, outside the transaction, and leaves it again if the key is not committed.
    const generated = generateApiKey();
    const directory = directoryWrites(deps);
    const created = await directory.run(async () => {
      await directory.addKeyPrefix(generated.prefix, principal.accountId);
      return deps.db.transaction((trx) =>
        createApiKey(
          trx,
          {
            accountId: principal.accountId,
            name: body.name,
            createdBy: principal.userId,
            actor: auditActor(principal),
          },
          generated,
        ),
      );
    });
    return { status: 201, body: { key: created.key, apiKey: created.plaintext } };
  },
});
