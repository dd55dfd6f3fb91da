import { z } from 'zod';
import { auditActor } from '../../auth/principal';
import { revokeApiKey } from '../../../platform/accounts/api-keys';
import { ApiError } from '../../errors/api-error';
import { forgetKeyPrefix } from '../../../platform/regions/directory';
import { defineRoute } from '../../http/define-route';
import { idParam } from '../../http/common-schemas';
import { apiKeySchema } from './api-key-schema';

export const revokeApiKeyRoute = defineRoute({
  method: 'delete',
  path: '/v1/api-keys/:keyId',
  summary: 'Revoke an API key (takes effect at once; repeating it changes nothing)',
  tags: ['api-keys'],
  auth: 'user',
  roles: ['owner', 'admin'],
  request: { params: idParam('keyId') },
  responses: { 200: { description: 'Revoked', schema: z.object({ key: apiKeySchema }) } },
  async handler({ params, principal, deps }) {
    const key = await deps.db.transaction((trx) =>
      revokeApiKey(trx, { accountId: principal.accountId, keyId: params.keyId, actor: auditActor(principal) }),
    );
    if (!key) throw new ApiError('NOT_FOUND', 'no such API key');
    // After the commit: a revoked key needs no route to its region (its gateway finds it revoked anyway).
    await forgetKeyPrefix(deps.regions.directory, key.prefix);
    return { status: 200, body: { key } };
  },
});
