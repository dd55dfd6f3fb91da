import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

const CSRF_COOKIE = 'autrace_csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The CSRF cookie's value: the API accepts a cookie-authenticated change only with it in X-CSRF-Token. */
function csrfToken(): string | null {
  for (const part of document.cookie.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === CSRF_COOKIE) return decodeURIComponent(value.join('='));
  }
  return null;
}

const csrfHeader: Middleware = {
  onRequest({ request }) {
    const token = csrfToken();
    if (!SAFE_METHODS.has(request.method) && token) request.headers.set('X-CSRF-Token', token);
    return request;
  },
};

/** Typed from the API's OpenAPI document (schema.d.ts); the session rides in its HttpOnly cookie. */
export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(csrfHeader);
