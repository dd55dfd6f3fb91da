import { createHash } from 'node:crypto';
import { z } from 'zod';
import { hashPassword, verifyPassword } from '../../../platform/crypto/passwords';
import { createSession } from '../../auth/sessions';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { emailSchema, sessionSchema } from '../../http/common-schemas';

/** Verified when the e-mail is unknown, so a miss costs as long as a wrong password (no user enumeration by timing). */
let decoyHash: Promise<string> | null = null;

const PER_EMAIL_LIMIT = { limit: 10, windowSeconds: 900 };

export const loginRoute = defineRoute({
  method: 'post',
  path: '/v1/auth/login',
  summary: 'Log in with e-mail and password; returns a session token',
  tags: ['auth'],
  auth: 'public',
  rateLimit: { limit: 30, windowSeconds: 900 },
  request: { body: z.object({ email: emailSchema, password: z.string().min(1).max(200) }) },
  responses: {
    200: {
      description: 'Logged in',
      schema: sessionSchema.extend({ userId: z.uuid(), accountId: z.uuid().nullable() }),
    },
    401: { description: 'Wrong e-mail address or password' },
  },
  async handler({ body, deps }) {
    // Per address as well as per IP: slows guessing one account's password from many addresses.
    const emailKey = createHash('sha256').update(body.email).digest('hex');
    const decision = await deps.rateLimiter.consume(
      `login-email ${emailKey}`,
      PER_EMAIL_LIMIT.limit,
      PER_EMAIL_LIMIT.windowSeconds,
    );
    if (!decision.allowed)
      throw new ApiError('RATE_LIMITED', 'too many log-in attempts; try again later', {
        'Retry-After': String(decision.retryAfterSeconds),
      });
    const user = await deps
      .db('users as u')
      .leftJoin('accounts as a', 'a.id', 'u.account_id')
      .whereRaw('lower(u.email) = ?', [body.email])
      .first<
        | { id: string; account_id: string | null; password_hash: string; role: string; status: string | null }
        | undefined
      >('u.id', 'u.account_id', 'u.password_hash', 'u.role', 'a.status');
    decoyHash ??= hashPassword('decoy password that matches nothing');
    const valid = await verifyPassword(user?.password_hash ?? (await decoyHash), body.password);
    const usable = user && (user.role === 'operator' || user.status === 'active' || user.status === 'disabled');
    if (!user || !valid || !usable) throw new ApiError('UNAUTHORIZED', 'wrong e-mail address or password');
    const session = await createSession(deps.db, user.id);
    return { status: 200, body: { ...session, userId: user.id, accountId: user.account_id } };
  },
});
