import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertApiError, startTestApi, type TestApi } from '../support/api';

let api: TestApi;

before(async () => {
  api = await startTestApi();
});

after(async () => {
  await api.close();
});

interface BrowserCookies {
  /** name=value pairs, as a browser would send them back. */
  header: string;
  session: string;
  csrf: string;
  raw: string[];
}

function cookiesOf(headers: Headers): BrowserCookies {
  const raw = headers.getSetCookie();
  const value = (name: string) =>
    raw
      .find((c) => c.startsWith(`${name}=`))
      ?.split(';')[0]
      ?.slice(name.length + 1) ?? '';
  const session = value('autrace_session');
  const csrf = value('autrace_csrf');
  return { header: `autrace_session=${session}; autrace_csrf=${csrf}`, session, csrf, raw };
}

async function browserLogin(): Promise<BrowserCookies> {
  const { owner } = await api.createAccount();
  const response = await api.request('POST', '/v1/auth/browser/login', {
    body: { email: owner.email, password: owner.password },
  });
  assert.equal(response.status, 200);
  return cookiesOf(response.headers);
}

test('browser log-in puts the session in an HttpOnly, SameSite=Strict cookie and not in the body', async () => {
  const { owner } = await api.createAccount();
  const response = await api.request<Record<string, unknown>>('POST', '/v1/auth/browser/login', {
    body: { email: owner.email, password: owner.password },
  });
  assert.equal(response.status, 200);
  assert.equal(response.body.userId, owner.userId);
  assert.ok(!('token' in response.body), 'the token must not reach page scripts');
  const cookies = cookiesOf(response.headers);
  assert.match(cookies.session, /^ats_/);
  assert.doesNotMatch(response.text, new RegExp(cookies.session));
  const sessionCookie = cookies.raw.find((c) => c.startsWith('autrace_session=')) ?? '';
  assert.match(sessionCookie, /; httponly/i);
  assert.match(sessionCookie, /; samesite=strict/i);
  assert.match(sessionCookie, /; path=\//i);
  // Served over plain HTTP here: a Secure cookie would never come back.
  assert.doesNotMatch(sessionCookie, /; secure/i);
  assert.doesNotMatch(cookies.raw.find((c) => c.startsWith('autrace_csrf=')) ?? '', /httponly/i);
});

test('browser sign-up creates the account and signs in with cookies', async () => {
  const response = await api.request<Record<string, unknown>>('POST', '/v1/auth/browser/signup', {
    body: {
      accountName: 'Cookie Co',
      name: 'Ada',
      email: 'cookie-signup@example.test',
      password: 'a long enough password',
      ageConfirmed: true,
    },
  });
  assert.equal(response.status, 201);
  assert.ok(!('session' in response.body));
  const me = await api.request<{ email: string }>('GET', '/v1/me', {
    headers: { cookie: cookiesOf(response.headers).header },
  });
  assert.equal(me.status, 200);
  assert.equal(me.body.email, 'cookie-signup@example.test');
});

test('a cookie session reads without a CSRF token', async () => {
  const cookies = await browserLogin();
  const response = await api.request('GET', '/v1/api-keys', { headers: { cookie: cookies.header } });
  assert.equal(response.status, 200);
});

test('a cookie session cannot change anything without the CSRF header', async () => {
  const cookies = await browserLogin();
  const response = await api.request('POST', '/v1/api-keys', {
    headers: { cookie: cookies.header },
    body: { name: 'x' },
  });
  assertApiError(response, 403, 'FORBIDDEN');
  const keys = await api.request<{ keys: unknown[] }>('GET', '/v1/api-keys', { headers: { cookie: cookies.header } });
  assert.equal(keys.body.keys.length, 0);
});

test('a wrong CSRF token is refused', async () => {
  const cookies = await browserLogin();
  const other = await browserLogin();
  const response = await api.request('POST', '/v1/api-keys', {
    headers: { cookie: cookies.header, 'x-csrf-token': other.csrf },
    body: { name: 'x' },
  });
  assertApiError(response, 403, 'FORBIDDEN');
});

test('a cookie session with its CSRF token changes things', async () => {
  const cookies = await browserLogin();
  const response = await api.request('POST', '/v1/api-keys', {
    headers: { cookie: cookies.header, 'x-csrf-token': cookies.csrf },
    body: { name: 'from the browser' },
  });
  assert.equal(response.status, 201);
});

test('bearer tokens work as before, without any CSRF token', async () => {
  const { owner } = await api.createAccount();
  const response = await api.request('POST', '/v1/api-keys', { token: owner.token, body: { name: 'from a script' } });
  assert.equal(response.status, 201);
});

test('log-out revokes the cookie session and clears both cookies', async () => {
  const cookies = await browserLogin();
  const response = await api.request('POST', '/v1/auth/logout', {
    headers: { cookie: cookies.header, 'x-csrf-token': cookies.csrf },
  });
  assert.equal(response.status, 200);
  const cleared = cookiesOf(response.headers);
  assert.equal(cleared.session, '');
  assert.match(cleared.raw.find((c) => c.startsWith('autrace_session=')) ?? '', /expires=Thu, 01 Jan 1970/i);
  const after = await api.request('GET', '/v1/me', { headers: { cookie: cookies.header } });
  assertApiError(after, 401, 'UNAUTHORIZED');
});

test('a wrong password on the browser log-in is a 401 and sets no cookie', async () => {
  const { owner } = await api.createAccount();
  const response = await api.request('POST', '/v1/auth/browser/login', {
    body: { email: owner.email, password: 'not the password' },
  });
  assertApiError(response, 401, 'UNAUTHORIZED');
  assert.deepEqual(response.headers.getSetCookie(), []);
});

test('an operator signs in from the browser and signs out through the operator log-out', async () => {
  const operator = await api.createOperator();
  const login = await api.request<{ accountId: string | null }>('POST', '/v1/auth/browser/login', {
    body: { email: operator.email, password: operator.password },
  });
  assert.equal(login.status, 200);
  assert.equal(login.body.accountId, null);
  const cookies = cookiesOf(login.headers);
  const queue = await api.request('GET', '/v1/operator/data-subject-requests', { headers: { cookie: cookies.header } });
  assert.equal(queue.status, 200);
  const logout = await api.request('POST', '/v1/auth/operator/logout', {
    headers: { cookie: cookies.header, 'x-csrf-token': cookies.csrf },
  });
  assert.equal(logout.status, 200);
  assert.equal(cookiesOf(logout.headers).session, '');
  const after = await api.request('GET', '/v1/operator/data-subject-requests', { headers: { cookie: cookies.header } });
  assertApiError(after, 401, 'UNAUTHORIZED');
});

test('a customer user cannot use the operator log-out', async () => {
  const { owner } = await api.createAccount();
  assertApiError(await api.request('POST', '/v1/auth/operator/logout', { token: owner.token }), 403, 'FORBIDDEN');
});
