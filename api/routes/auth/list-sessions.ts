import { z } from 'zod';
import { defineRoute } from '../../http/define-route';

export const listSessionsRoute = defineRoute({
  method: 'get',
  path: '/v1/auth/sessions',
  summary: "The caller's active sessions",
  tags: ['auth'],
  auth: 'user',
  request: {},
  responses: {
    200: {
      description: 'Active sessions (tokens are never shown again)',
      schema: z.object({
        sessions: z.array(z.object({ id: z.uuid(), createdAt: z.date(), expiresAt: z.date(), current: z.boolean() })),
      }),
    },
  },
  async handler({ principal, deps }) {
    const rows = await deps
      .db('sessions')
      .where({ user_id: principal.userId })
      .whereNull('revoked_at')
      .where('expires_at', '>', deps.db.fn.now())
      .orderBy('created_at', 'desc')
      .select('id', 'created_at', 'expires_at');
    return {
      status: 200,
      body: {
        sessions: rows.map((r) => ({
          id: r.id,
          createdAt: r.created_at,
          expiresAt: r.expires_at,
          current: r.id === principal.sessionId,
        })),
      },
    };
  },
});
