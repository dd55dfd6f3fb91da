import { z } from 'zod';
import { createAccountWithOwner } from '../../platform/accounts/accounts';
import { DomainError } from '../../platform/errors/domain-error';
import { directoryWrites, forgetStaleUserEntry, regionOfEmail } from '../../platform/regions/directory';
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

/**
 * A Free-plan account, its owner and the owner's first session, in one transaction of the chosen
 * region's database, with the account and the owner's e-mail HMAC registered in the directory first.
 */
export async function signUp(
  deps: ApiDeps,
  body: z.output<typeof signUpBodySchema>,
): Promise<{ accountId: string; userId: string; session: CreatedSession }> {
  try {
    return await createOwnedAccount(deps, body);
  } catch (error) {
    if (
      !(error instanceof DomainError && error.code === 'EmailTaken') ||
      !(await reclaimOrphanedEmail(deps, body.email))
    )
      throw error;
    return createOwnedAccount(deps, body);
  }
}

/**
 * An e-mail HMAC whose region holds no user with that address was left by a sign-up that died between
 * the directory and the regional commit: it is deleted, and true is answered so the sign-up is retried.
 * Only an entry older than any sign-up transaction can run is, so a sign-up still committing keeps its own.
 */
const ORPHAN_AFTER_SECONDS = 300;

async function reclaimOrphanedEmail(deps: ApiDeps, email: string): Promise<boolean> {
  const { emailKey } = deps.config.regions.directory;
  const home = await regionOfEmail(deps.regions.directory, emailKey, email);
  if (!home) return false;
  const user = await deps.regions.of(home.region)('users').whereRaw('lower(email) = ?', [email]).first('id');
  if (user) return false;
  return forgetStaleUserEntry(deps.regions.directory, emailKey, email, ORPHAN_AFTER_SECONDS);
}

async function createOwnedAccount(
  deps: ApiDeps,
  body: z.output<typeof signUpBodySchema>,
): Promise<{ accountId: string; userId: string; session: CreatedSession }> {
  let session: CreatedSession | null = null;
  const ids = await createAccountWithOwner(
    deps.regions.of(body.region),
    deps.config.keys.master,
    {
      accountName: body.accountName,
      ownerName: body.name,
      email: body.email,
      password: body.password,
      plan: 'free',
      region: body.region,
      directory: directoryWrites(deps),
    },
    'owner',
    async (trx, created) => {
      await trx('users').where({ id: created.userId }).update({ age_confirmed_at: trx.fn.now() });
      session = await createSession(trx, created.userId, undefined, body.region);
    },
  );
  if (!session) throw new Error('sign-up created no session');
  return { ...ids, session };
}
