import { z } from 'zod';
import { createAccountWithOwner } from '../../platform/accounts/accounts';
import type { ApiDeps } from '../deps';
import { emailSchema, passwordSchema, regionSchema } from '../http/common-schemas';
import { createSession, type CreatedSession } from './sessions';

export const signUpBodySchema = z.object({
  accountName: z.string().trim().min(1).max(200),
  name: z.string().trim().min(1).max(200),
  email: emailSchema,
  password: passwordSchema,
  region: regionSchema.default('eu'),
  ageConfirmed: z
    .literal(true, { error: 'confirm that you are 16 or older: Autrace is not for children under 16' })
    .meta({
      description: 'The person signing up confirms being 16 or older (recorded with the time)',
    }),
});

/** A Free-plan account, its owner and the owner's first session, in one transaction. */
export async function signUp(
  deps: ApiDeps,
  body: z.output<typeof signUpBodySchema>,
): Promise<{ accountId: string; userId: string; session: CreatedSession }> {
  let session: CreatedSession | null = null;
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
      await trx('users').where({ id: created.userId }).update({ age_confirmed_at: trx.fn.now() });
      session = await createSession(trx, created.userId);
    },
  );
  if (!session) throw new Error('sign-up created no session');
  return { ...ids, session };
}
