import { z } from 'zod';
import { API_KEY_COLUMNS, toApiKeyView } from '../../../platform/accounts/api-keys';
import { defineRoute } from '../../http/define-route';
import { apiKeySchema } from './api-key-schema';

export const listApiKeysRoute = defineRoute({
  method: 'get',
  path: '/v1/api-keys',
  summary: "The account's API keys (prefixes only, never secrets)",
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
  responses: { 200: { description: 'Keys, newest first', schema: z.object({ keys: z.array(apiKeySchema) }) } },
  async handler({ query, principal, deps }) {
    const q = deps.db('api_keys').where({ account_id: principal.accountId }).orderBy('created_at', 'desc');
    if (!query.includeRevoked) void q.whereNull('revoked_at');
    const rows = await q.select(...API_KEY_COLUMNS);
    return { status: 200, body: { keys: rows.map(toApiKeyView) } };
  },
});
