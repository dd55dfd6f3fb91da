import { z } from 'zod';
import { logInWithPassword } from '../../auth/password-login';
import { defineRoute } from '../../http/define-route';
import { emailSchema, sessionSchema } from '../../http/common-schemas';

export const credentialsSchema = z.object({ email: emailSchema, password: z.string().min(1).max(200) });

export const loginRoute = defineRoute({
  method: 'post',
  path: '/v1/auth/login',
  summary: 'Log in with e-mail and password; returns a session token',
  tags: ['auth'],
  auth: 'public',
  rateLimit: { limit: 30, windowSeconds: 900 },
  request: { body: credentialsSchema },
  responses: {
    200: {
      description: 'Logged in',
      schema: sessionSchema.extend({ userId: z.uuid(), accountId: z.uuid().nullable() }),
    },
    401: { description: 'Wrong e-mail address or password' },
  },
  async handler({ body, deps, ip }) {
    const { session, userId, accountId } = await logInWithPassword(deps, body, ip);
    return { status: 200, body: { ...session, userId, accountId } };
  },
});
