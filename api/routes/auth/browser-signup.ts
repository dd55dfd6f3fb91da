import { sessionCookies } from '../../auth/browser-session';
import { signUp, signUpBodySchema } from '../../auth/sign-up';
import { defineRoute } from '../../http/define-route';
import { browserSessionSchema } from './browser-login';

export const browserSignupRoute = defineRoute({
  method: 'post',
  path: '/v1/auth/browser/signup',
  summary: 'Sign up from the web app: the session goes into an HttpOnly cookie',
  description: 'As POST /v1/auth/signup, with the session delivered as by POST /v1/auth/browser/login.',
  tags: ['auth'],
  auth: 'public',
  rateLimit: { limit: 10, windowSeconds: 3600 },
  request: { body: signUpBodySchema },
  responses: {
    201: { description: 'Account created; cookies set', schema: browserSessionSchema },
    409: { description: 'The e-mail address is taken' },
  },
  async handler({ body, deps }) {
    const { session, userId, accountId } = await signUp(deps, body);
    return {
      status: 201,
      body: { userId, accountId, expiresAt: session.expiresAt },
      cookies: sessionCookies(session),
    };
  },
});
