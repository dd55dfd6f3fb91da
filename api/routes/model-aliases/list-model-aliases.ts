import { z } from 'zod';
import { defineRoute } from '../../http/define-route';
import { listModelAliases } from '../../../platform/routing/model-aliases';
import { modelAliasSchema } from './model-alias-schema';

export const listModelAliasesRoute = defineRoute({
  method: 'get',
  path: '/v1/model-aliases',
  summary: "The account's model aliases and their targets",
  tags: ['model-aliases'],
  auth: 'user',
  roles: ['owner', 'admin'],
  request: {},
  responses: { 200: { description: 'Aliases', schema: z.object({ aliases: z.array(modelAliasSchema) }) } },
  async handler({ principal, deps }) {
    return { status: 200, body: { aliases: await listModelAliases(deps.db, principal.accountId) } };
  },
});
