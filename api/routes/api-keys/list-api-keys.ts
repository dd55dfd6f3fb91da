import { z } from 'zod';
import { listApiKeysWithActivity } from '../../../platform/accounts/api-keys';
import { defineRoute } from '../../http/define-route';
import { apiKeyActivitySchema } from './api-key-schema';

export const listApiKeysRoute = defineRoute({
  method: 'get',
  path: '/v1/api-keys',
  summary: "The account's API keys (prefixes only, never secrets), with their activity",
  description:
    'Each key carries when it was last used, its request counts from the usage record, and whether it is stale (unused for the configured time).',
  tags: ['api-keys'],
  auth: 'user',
  request: {
    query: z.object({
      includeRevoked: z
        .enum(['true', 'false'])
        .default('false')
        .transform((v) => v === 'true'),
    }),
  },
  responses: {
    200: {
      description: 'Keys, newest first',
      schema: z.object({
        keys: z.array(apiKeyActivitySchema),
        staleAfterDays: z.number().int().meta({ description: 'Days without use after which a key is stale; 0: never' }),
      }),
    },
  },
  async handler({ query, principal, deps }) {
    const staleAfterDays = deps.config.apiKeys.staleAfterDays;
    const keys = await listApiKeysWithActivity(deps.db, {
      accountId: principal.accountId,
      includeRevoked: query.includeRevoked,
      staleAfterDays,
      now: new Date(),
    });
    return { status: 200, body: { keys, staleAfterDays } };
  },
});
