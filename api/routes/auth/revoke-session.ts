import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { idParam, okSchema } from '../../http/common-schemas';

export const revokeSessionRoute = defineRoute({
  method: 'delete',
  path: '/v1/auth/sessions/:sessionId',
  summary: "Revoke one of the caller's sessions",
  tags: ['auth'],
  auth: 'user',
  request: { params: idParam('sessionId') },
  responses: { 200: { description: 'Revoked', schema: okSchema } },
  async handler({ params, principal, deps }) {
    const updated = await deps
      .db('sessions')
      .where({ id: params.sessionId, user_id: principal.userId })
      .whereNull('revoked_at')
      .update({ revoked_at: deps.db.fn.now() });
    if (updated === 0) throw new ApiError('NOT_FOUND', 'no such session');
    return { status: 200, body: { ok: true } };
  },
});
