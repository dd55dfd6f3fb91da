import { z } from 'zod';
import { auditActor } from '../../auth/principal';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { modelAliasUpdateSchema, updateModelAlias } from '../../../platform/routing/model-aliases';
import { aliasIdParams, modelAliasSchema } from './model-alias-schema';

export const updateModelAliasRoute = defineRoute({
  method: 'patch',
  path: '/v1/model-aliases/:aliasId',
  summary:
    'Change a model alias (its name, retries, or its whole list of targets); gateways use it from their next request',
  tags: ['model-aliases'],
  auth: 'user',
  roles: ['owner', 'admin'],
  request: { params: aliasIdParams, body: modelAliasUpdateSchema },
  responses: {
    200: { description: 'Updated', schema: z.object({ alias: modelAliasSchema }) },
    409: { description: 'The account already has an alias of that name' },
  },
  async handler({ params, body, principal, deps }) {
    const alias = await updateModelAlias(deps.db, {
      accountId: principal.accountId,
      aliasId: params.aliasId,
      update: body,
      actor: auditActor(principal),
    });
    if (!alias) throw new ApiError('NOT_FOUND', 'no such model alias');
    return { status: 200, body: { alias } };
  },
});
