import { clearedSessionCookies } from '../../auth/browser-session';
import { defineRoute } from '../../http/define-route';
import { okSchema } from '../../http/common-schemas';

export const logoutRoute = defineRoute({
  method: 'post',
  path: '/v1/auth/logout',
  summary: "Revoke the session making this request (and clear the web app's cookies)",
  tags: ['auth'],
  auth: 'user',
  allowDisabledAccount: true,
  allowDuringMove: true,
  request: {},
  responses: { 200: { description: 'Revoked', schema: okSchema } },
  async handler({ principal, deps }) {
    await deps.db('sessions').where({ id: principal.sessionId }).update({ revoked_at: deps.db.fn.now() });
    return { status: 200, body: { ok: true }, cookies: [...clearedSessionCookies] };
  },
});
