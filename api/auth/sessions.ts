import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Database } from '../../platform/database/database';
import type { Region } from '../../platform/config/config';
import type { AccountRole } from '../../platform/accounts/roles';
import type { Principal } from './principal';

/** Sessions last 12 hours; log-in again after that. Revocation (log-out) takes effect at once. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/**
 * `ats_<region>_<secret>`: the region names the database that holds the session (a routing hint only:
 * the session is found by the secret's hash there, so a changed region finds nothing). Tokens issued
 * without a region, `ats_<secret>`, are the primary region's.
 */
const TOKEN_PATTERN = /^ats_(?:(eu|us|apac)_)?[A-Za-z0-9_-]{43}$/;

/** The region a session token names, null for the primary region; undefined when it is no session token at all. */
export function sessionTokenRegion(token: string): Region | null | undefined {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return undefined;
  return (match[1] as Region | undefined) ?? null;
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface CreatedSession {
  sessionId: string;
  /** Given to the client once; only its hash is stored. */
  token: string;
  expiresAt: Date;
}

export async function createSession(
  db: Database | Knex.Transaction,
  userId: string,
  ttlMs = SESSION_TTL_MS,
  region?: Region,
): Promise<CreatedSession> {
  const token = `ats_${region ? `${region}_` : ''}${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(Date.now() + ttlMs);
  const [row] = await db('sessions')
    .insert({ user_id: userId, token_hash: hashSessionToken(token), expires_at: expiresAt })
    .returning<Array<{ id: string }>>('id');
  if (!row) throw new Error('session insert returned no row');
  return { sessionId: row.id, token, expiresAt };
}

interface SessionUserRow {
  session_id: string;
  user_id: string;
  account_id: string | null;
  role: AccountRole | 'operator';
  account_status: string | null;
  account_moving_to: Region | null;
}

/** The principal behind a bearer token, or null when the token is unknown, expired, revoked or its account is gone. */
export async function authenticateSession(db: Database, token: string): Promise<Principal | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const row = await db('sessions as s')
    .join('users as u', 'u.id', 's.user_id')
    .leftJoin('accounts as a', 'a.id', 'u.account_id')
    .where('s.token_hash', hashSessionToken(token))
    .whereNull('s.revoked_at')
    .where('s.expires_at', '>', db.fn.now())
    .first<SessionUserRow | undefined>(
      's.id as session_id',
      'u.id as user_id',
      'u.account_id',
      'u.role',
      'a.status as account_status',
      'a.moving_to as account_moving_to',
    );
  if (!row) return null;
  if (row.role === 'operator') return { kind: 'operator', userId: row.user_id, sessionId: row.session_id };
  if (!row.account_id || (row.account_status !== 'active' && row.account_status !== 'disabled')) return null;
  return {
    kind: 'user',
    userId: row.user_id,
    accountId: row.account_id,
    role: row.role,
    accountStatus: row.account_status,
    accountMovingTo: row.account_moving_to,
    sessionId: row.session_id,
  };
}
