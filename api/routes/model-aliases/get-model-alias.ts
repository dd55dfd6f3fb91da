import { z } from 'zod';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { getModelAlias } from '../../../platform/routing/model-aliases';
import { aliasIdParams, modelAliasSchema } from './model-alias-schema';

export const getModelAliasRoute = defineRoute({
  method: 'get',
  path: '/v1/model-aliases/:aliasId',
  summary: 'One model alias',
  tags: ['model-aliases'],
  auth: 'user',
  roles: ['owner', 'admin'],
  request: { params: aliasIdParams },
  responses: { 200: { description: 'The alias', schema: z.object({ alias: modelAliasSchema }) } },
  async handler({ params, principal, deps }) {
    const alias = await getModelAlias(deps.db, principal.accountId, params.aliasId);
    if (!alias) throw new ApiError('NOT_FOUND', 'no such model alias');
    return { status: 200, body: { alias } };
  },
});
