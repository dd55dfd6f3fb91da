import { auditActor } from '../../auth/principal';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { deleteModelAlias } from '../../../platform/routing/model-aliases';
import { aliasIdParams } from './model-alias-schema';

export const deleteModelAliasRoute = defineRoute({
  method: 'delete',
  path: '/v1/model-aliases/:aliasId',
  summary: 'Delete a model alias (its name is then an ordinary model name again)',
  tags: ['model-aliases'],
  auth: 'user',
  roles: ['owner', 'admin'],
  request: { params: aliasIdParams },
  responses: { 204: { description: 'Deleted' } },
  async handler({ params, principal, deps }) {
    const deleted = await deleteModelAlias(deps.db, {
      accountId: principal.accountId,
      aliasId: params.aliasId,
      actor: auditActor(principal),
    });
    if (!deleted) throw new ApiError('NOT_FOUND', 'no such model alias');
    return { status: 204, body: undefined };
  },
});
