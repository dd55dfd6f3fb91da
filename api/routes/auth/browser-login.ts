import { z } from 'zod';
import { sessionCookies } from '../../auth/browser-session';
import { logInWithPassword } from '../../auth/password-login';
import { defineRoute } from '../../http/define-route';
import { credentialsSchema } from './login';

export const browserSessionSchema = z.object({ userId: z.uuid(), accountId: z.uuid().nullable(), expiresAt: z.date() });

export const browserLoginRoute = defineRoute({
  method: 'post',
  path: '/v1/auth/browser/login',
  summary: 'Log in from the web app: the session goes into an HttpOnly cookie',
  description:
    'Sets the session cookie (HttpOnly, SameSite=Strict, Secure over HTTPS) and the CSRF cookie whose value ' +
    'requests that change something repeat in the X-CSRF-Token header. The token is never in the body.',
  tags: ['auth'],
  auth: 'public',
  rateLimit: { limit: 30, windowSeconds: 900 },
  request: { body: credentialsSchema },
  responses: {
    200: { description: 'Logged in; cookies set', schema: browserSessionSchema },
    401: { description: 'Wrong e-mail address or password' },
  },
  async handler({ body, deps, ip }) {
    const { session, userId, accountId } = await logInWithPassword(deps, body, ip);
    return {
      status: 200,
      body: { userId, accountId, expiresAt: session.expiresAt },
      cookies: sessionCookies(session),
    };
  },
});
