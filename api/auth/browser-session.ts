import { createHash, timingSafeEqual } from 'node:crypto';
import type { RouteCookie } from '../http/define-route';
import type { CreatedSession } from './sessions';

/**
 * The web app's session: the token travels in an HttpOnly cookie that page
 * scripts cannot read, so an injected script cannot steal it. Cookies ride
 * along with every request the browser makes, so requests that change
 * something must also prove they come from our own pages: they repeat the
 * CSRF token (a second, script-readable cookie) in the X-CSRF-Token header,
 * which another site can neither read nor set (signed double submit).
 */
export const SESSION_COOKIE = 'autrace_session';
export const CSRF_COOKIE = 'autrace_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Bound to the session: derived from its token, so it needs no storage, changes
 * with every log-in, and cannot be forged without the token it is derived from.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`csrf:${sessionToken}`).digest('base64url');
}

export function sessionCookies(session: CreatedSession): RouteCookie[] {
  return [
    { name: SESSION_COOKIE, value: session.token, httpOnly: true, expires: session.expiresAt },
    { name: CSRF_COOKIE, value: csrfTokenFor(session.token), httpOnly: false, expires: session.expiresAt },
  ];
}

export const clearedSessionCookies: readonly RouteCookie[] = [
  { name: SESSION_COOKIE, value: null, httpOnly: true },
  { name: CSRF_COOKIE, value: null, httpOnly: false },
];

/** Whether a cookie-authenticated request may proceed: safe methods always; others only with the session's CSRF token. */
export function passesCsrfCheck(method: string, sessionToken: string, headerValue: string | undefined): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  if (!headerValue) return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const given = Buffer.from(headerValue);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
