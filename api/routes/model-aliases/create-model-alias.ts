import { z } from 'zod';
import { auditActor } from '../../auth/principal';
import { defineRoute } from '../../http/define-route';
import { createModelAlias, modelAliasInputSchema } from '../../../platform/routing/model-aliases';
import { modelAliasSchema } from './model-alias-schema';

export const createModelAliasRoute = defineRoute({
  method: 'post',
  path: '/v1/model-aliases',
  summary: 'Route a model name to an ordered list of targets (connection + model), with retries and fallback',
  description:
    'A request for the alias goes to its targets by priority (lower first), spread by weight among targets of ' +
    'equal priority. A target that answers 429 or 5xx, refuses the connection or times out before any byte reached ' +
    'the caller is retried with jittered exponential backoff, then the next target is tried. Every target must name ' +
    "one of the account's provider connections.",
  tags: ['model-aliases'],
  auth: 'user',
  roles: ['owner', 'admin'],
  request: { body: modelAliasInputSchema },
  responses: {
    201: { description: 'Created', schema: z.object({ alias: modelAliasSchema }) },
    409: { description: 'The account already has an alias of that name' },
  },
  async handler({ body, principal, deps }) {
    const alias = await createModelAlias(deps.db, {
      accountId: principal.accountId,
      alias: body,
      createdBy: principal.userId,
      actor: auditActor(principal),
    });
    return { status: 201, body: { alias } };
  },
});
