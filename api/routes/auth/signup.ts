import { z } from 'zod';
import { signUp, signUpBodySchema } from '../../auth/sign-up';
import { defineRoute } from '../../http/define-route';
import { sessionSchema } from '../../http/common-schemas';

export const signupRoute = defineRoute({
  method: 'post',
  path: '/v1/auth/signup',
  summary: 'Create an account (Free plan) and its owner, and log in',
  tags: ['auth'],
  auth: 'public',
  rateLimit: { limit: 10, windowSeconds: 3600 },
  request: { body: signUpBodySchema },
  responses: {
    201: {
      description: 'Account created',
      schema: z.object({ accountId: z.uuid(), userId: z.uuid(), session: sessionSchema }),
    },
    409: { description: 'The e-mail address is taken' },
  },
  async handler({ body, deps }) {
    return { status: 201, body: await signUp(deps, body) };
  },
});
