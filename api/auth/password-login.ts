import { hashPassword, verifyPassword } from '../../platform/crypto/passwords';
import { emailHmac, regionOfEmail } from '../../platform/regions/directory';
import type { ApiDeps } from '../deps';
import { ApiError } from '../errors/api-error';
import { rateLimitAddress } from '../rate-limit/client-address';
import { createSession, type CreatedSession } from './sessions';

/** Verified when the e-mail is unknown, so a miss costs as long as a wrong password (no user enumeration by timing). */
let decoyHash: Promise<string> | null = null;

const FREE_FAILURES = 10;
const FIRST_BLOCK_SECONDS = 900;
const MAX_BLOCK_SECONDS = 86_400;
/** How long failures are remembered: as long as the longest block. */
const FAILURE_MEMORY_SECONDS = MAX_BLOCK_SECONDS;
const backoffSeconds = (extraFailures: number) =>
  Math.min(MAX_BLOCK_SECONDS, FIRST_BLOCK_SECONDS * 2 ** Math.min(extraFailures, 10));

export interface LoggedIn {
  session: CreatedSession;
  userId: string;
  accountId: string | null;
}

/** E-mail and password to a new session, for the token log-in and the web app's cookie log-in alike. */
export async function logInWithPassword(
  deps: ApiDeps,
  credentials: { email: string; password: string },
  ip: string,
): Promise<LoggedIn> {
  // The directory names the region holding the address (by its HMAC); operators, and users the
  // directory does not know, are the primary region's. Failed sign-ins are counted there too.
  const { emailKey } = deps.config.regions.directory;
  const home = await regionOfEmail(deps.regions.directory, emailKey, credentials.email);
  const region = home?.region ?? deps.regions.primaryRegion;
  const db = deps.regions.of(region);
  const limiter = (home && deps.regionalRateLimiter?.(region)) || deps.rateLimiter;
  // Failures count per e-mail address *and* client address: guessing from one client backs off,
  // while failures from elsewhere never lock the owner of the address out. The address is keyed as the
  // directory keys it, so the counters hold no hash anyone could test addresses against.
  const throttleKey = `login ${emailHmac(emailKey, credentials.email).toString('hex')} ${rateLimitAddress(ip)}`;
  const blocked = await limiter.blockedFor(throttleKey);
  if (blocked > 0)
    throw new ApiError('RATE_LIMITED', 'too many failed log-ins from here; try again later', {
      'Retry-After': String(blocked),
    });
  const user = await db('users as u')
    .leftJoin('accounts as a', 'a.id', 'u.account_id')
    .whereRaw('lower(u.email) = ?', [credentials.email])
    .first<
      { id: string; account_id: string | null; password_hash: string; role: string; status: string | null } | undefined
    >('u.id', 'u.account_id', 'u.password_hash', 'u.role', 'a.status');
  decoyHash ??= hashPassword('decoy password that matches nothing');
  const valid = await verifyPassword(user?.password_hash ?? (await decoyHash), credentials.password);
  const usable = user && (user.role === 'operator' || user.status === 'active' || user.status === 'disabled');
  if (!user || !valid || !usable) {
    const failures = await limiter.consume(throttleKey, Number.MAX_SAFE_INTEGER, FAILURE_MEMORY_SECONDS);
    // Free attempts first, then a block that doubles with every further failure.
    if (failures.count >= FREE_FAILURES)
      await limiter.block(throttleKey, backoffSeconds(failures.count - FREE_FAILURES));
    throw new ApiError('UNAUTHORIZED', 'wrong e-mail address or password');
  }
  await limiter.reset(throttleKey, FAILURE_MEMORY_SECONDS);
  const session = await createSession(db, user.id, undefined, home ? region : undefined);
  return { session, userId: user.id, accountId: user.account_id };
}
