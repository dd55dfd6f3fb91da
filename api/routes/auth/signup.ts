import { z } from 'zod';
import { createSession } from '../../auth/sessions';
import { createAccountWithOwner } from '../../../platform/accounts/accounts';
import { defineRoute } from '../../http/define-route';
import { emailSchema, passwordSchema, regionSchema, sessionSchema } from '../../http/common-schemas';

export const signupRoute = defineRoute({
  method: 'post',
  path: '/v1/auth/signup',
  summary: 'Create an account (Free plan) and its owner, and log in',
  tags: ['auth'],
  auth: 'public',
  rateLimit: { limit: 10, windowSeconds: 3600 },
  request: {
    body: z.object({
      accountName: z.string().trim().min(1).max(200),
      name: z.string().trim().min(1).max(200),
      email: emailSchema,
      password: passwordSchema,
      region: regionSchema.default('eu'),
    }),
  },
  responses: {
    201: {
      description: 'Account created',
      schema: z.object({ accountId: z.uuid(), userId: z.uuid(), session: sessionSchema }),
    },
    409: { description: 'The e-mail address is taken' },
  },
  async handler({ body, deps }) {
    let session: Awaited<ReturnType<typeof createSession>> | null = null;
    const ids = await createAccountWithOwner(
      deps.db,
      deps.config.keys.master,
      {
        accountName: body.accountName,
        ownerName: body.name,
        email: body.email,
        password: body.password,
        plan: 'free',
        region: body.region,
      },
      'owner',
      async (trx, created) => {
        session = await createSession(trx, created.userId);
      },
    );
    if (!session) throw new Error('sign-up created no session');
    return { status: 201, body: { ...ids, session } };
  },
});
