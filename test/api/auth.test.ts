import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertApiError, countRows, createInMemoryRateLimiter, startTestApi, type TestApi } from '../support/api';

let api: TestApi;

before(async () => {
  api = await startTestApi();
});

after(async () => {
  await api?.close();
});

interface Session {
  token: string;
  sessionId: string;
}

const signupBody = (email: string) => ({
  accountName: 'Acme',
  name: 'Ada',
  email,
  password: 'correct horse battery staple',
  ageConfirmed: true,
});

test('sign-up creates a Free account with its owner, a working session and an audit entry', async () => {
  const response = await api.request<{ accountId: string; userId: string; session: Session }>(
    'POST',
    '/v1/auth/signup',
    {
      body: signupBody('ada@acme.test'),
    },
  );
  assert.equal(response.status, 201);
  const me = await api.request<{ role: string; account: { id: string; plan: string } }>('GET', '/v1/me', {
    token: response.body.session.token,
  });
  assert.equal(me.status, 200);
  assert.equal(me.body.role, 'owner');
  assert.deepEqual([me.body.account.id, me.body.account.plan], [response.body.accountId, 'free']);
  const entry = await api.stack.database
    .db('audit_log')
    .where({ account_id: response.body.accountId, action: 'account.created' })
    .first<{ actor_id: string }>();
  assert.equal(entry.actor_id, response.body.userId);
  const user = await api.stack.database
    .db('users')
    .where({ id: response.body.userId })
    .first<{ password_hash: string }>();
  assert.match(user.password_hash, /^\$argon2id\$/);
});

test('sign-up with invalid input is a 400 and creates nothing', async () => {
  const before = await countRows(api, 'accounts');
  assertApiError(
    await api.request('POST', '/v1/auth/signup', { body: { ...signupBody('x@acme.test'), password: 'short' } }),
    400,
    'BAD_REQUEST',
  );
  assertApiError(
    await api.request('POST', '/v1/auth/signup', { body: { ...signupBody('not-an-email') } }),
    400,
    'BAD_REQUEST',
  );
  assert.equal(await countRows(api, 'accounts'), before);
});

test('sign-up records when the person confirmed being 16 or older', async () => {
  const before = Date.now();
  const response = await api.request<{ userId: string }>('POST', '/v1/auth/signup', {
    body: signupBody('age-confirmed@acme.test'),
  });
  assert.equal(response.status, 201, response.text);
  const user = await api.stack.database
    .db('users')
    .where({ id: response.body.userId })
    .first<{ age_confirmed_at: Date | null }>();
  assert.ok(user.age_confirmed_at);
  assert.ok(user.age_confirmed_at.getTime() >= before - 1_000);
});

test('sign-up without confirming being 16 or older is a 400 that says so, and creates nothing', async () => {
  const before = await countRows(api, 'users');
  const { ageConfirmed: _omitted, ...unconfirmed } = signupBody('young@acme.test');
  for (const body of [unconfirmed, { ...unconfirmed, ageConfirmed: false }, { ...unconfirmed, ageConfirmed: 'yes' }]) {
    for (const path of ['/v1/auth/signup', '/v1/auth/browser/signup']) {
      const response = await api.request<{ error: { message: string } }>('POST', path, { body });
      assertApiError(response, 400, 'BAD_REQUEST');
      assert.match(response.body.error.message, /ageConfirmed: confirm that you are 16 or older/);
    }
  }
  assert.equal(await countRows(api, 'users'), before);
});

test('sign-up with a taken e-mail is a 409 and creates no second account', async () => {
  await api.request('POST', '/v1/auth/signup', { body: signupBody('taken@acme.test') });
  const before = await countRows(api, 'accounts');
  assertApiError(
    await api.request('POST', '/v1/auth/signup', { body: signupBody('TAKEN@acme.test') }),
    409,
    'CONFLICT',
  );
  assert.equal(await countRows(api, 'accounts'), before);
});

test('log-in returns a session; a wrong password and an unknown e-mail get the same 401', async () => {
  const account = await api.createAccount();
  const ok = await api.request<Session>('POST', '/v1/auth/login', {
    body: { email: account.owner.email, password: account.owner.password },
  });
  assert.equal(ok.status, 200);
  assert.equal((await api.request('GET', '/v1/me', { token: ok.body.token })).status, 200);
  const wrong = await api.request<{ error: { message: string } }>('POST', '/v1/auth/login', {
    body: { email: account.owner.email, password: 'nope' },
  });
  const unknown = await api.request<{ error: { message: string } }>('POST', '/v1/auth/login', {
    body: { email: 'nobody@acme.test', password: 'nope' },
  });
  assertApiError(wrong, 401, 'UNAUTHORIZED');
  assertApiError(unknown, 401, 'UNAUTHORIZED');
  assert.equal(wrong.body.error.message, unknown.body.error.message);
});

test('log-out revokes the session at once', async () => {
  const account = await api.createAccount();
  assert.equal((await api.request('POST', '/v1/auth/logout', { token: account.owner.token })).status, 200);
  assertApiError(await api.request('GET', '/v1/me', { token: account.owner.token }), 401, 'UNAUTHORIZED');
});

test('an expired session is refused', async () => {
  const account = await api.createAccount();
  await api.stack.database
    .db('sessions')
    .where({ user_id: account.owner.userId })
    .update({ expires_at: new Date(Date.now() - 1000) });
  assertApiError(await api.request('GET', '/v1/me', { token: account.owner.token }), 401, 'UNAUTHORIZED');
});

test("a user lists their sessions and revokes one; another user's session ID is a 404 and stays valid", async () => {
  const a = await api.createAccount();
  const b = await api.createAccount();
  const second = await api.request<Session>('POST', '/v1/auth/login', {
    body: { email: a.owner.email, password: a.owner.password },
  });
  const list = await api.request<{ sessions: Array<{ id: string; current: boolean }> }>('GET', '/v1/auth/sessions', {
    token: a.owner.token,
  });
  assert.equal(list.body.sessions.length, 2);
  assert.equal(list.body.sessions.filter((s) => s.current).length, 1);
  assert.equal(
    (await api.request('DELETE', `/v1/auth/sessions/${second.body.sessionId}`, { token: a.owner.token })).status,
    200,
  );
  assertApiError(await api.request('GET', '/v1/me', { token: second.body.token }), 401, 'UNAUTHORIZED');

  const bSessions = await api.request<{ sessions: Array<{ id: string }> }>('GET', '/v1/auth/sessions', {
    token: b.owner.token,
  });
  const bSession = bSessions.body.sessions[0]?.id ?? '';
  assertApiError(
    await api.request('DELETE', `/v1/auth/sessions/${bSession}`, { token: a.owner.token }),
    404,
    'NOT_FOUND',
  );
  assert.equal((await api.request('GET', '/v1/me', { token: b.owner.token })).status, 200);
  assertApiError(
    await api.request('DELETE', '/v1/auth/sessions/not-a-uuid', { token: a.owner.token }),
    400,
    'BAD_REQUEST',
  );
});

test('users of a disabled account reach only routes that allow it', async () => {
  const account = await api.createAccount();
  await api.stack.database.db('accounts').where({ id: account.accountId }).update({ status: 'disabled' });
  assertApiError(await api.request('GET', '/v1/api-keys', { token: account.owner.token }), 403, 'FORBIDDEN');
  assert.equal((await api.request('GET', '/v1/me', { token: account.owner.token })).status, 200);
});

test('operators cannot use account routes, and account users cannot use operator routes', async () => {
  const operator = await api.createOperator();
  const account = await api.createAccount();
  assertApiError(await api.request('GET', '/v1/api-keys', { token: operator.token }), 403, 'FORBIDDEN');
  assertApiError(await api.request('GET', '/v1/operator/audit', { token: account.owner.token }), 403, 'FORBIDDEN');
  assert.equal((await api.request('GET', '/v1/operator/audit', { token: operator.token })).status, 200);
});

test('log-in is limited per e-mail address as well as per IP', async () => {
  const limited = await startTestApi({ rateLimiter: createInMemoryRateLimiter() });
  try {
    const account = await limited.createAccount();
    for (let i = 0; i < 10; i += 1)
      assertApiError(
        await limited.request('POST', '/v1/auth/login', { body: { email: account.owner.email, password: 'wrong' } }),
        401,
        'UNAUTHORIZED',
      );
    const blocked = await limited.request('POST', '/v1/auth/login', {
      body: { email: account.owner.email, password: account.owner.password },
    });
    assertApiError(blocked, 429, 'RATE_LIMITED');
    const otherAddress = await limited.request('POST', '/v1/auth/login', {
      body: { email: 'someone-else@acme.test', password: 'wrong' },
    });
    assertApiError(otherAddress, 401, 'UNAUTHORIZED');
  } finally {
    await limited.close();
  }
});

test('failed log-ins from one client back off there without locking the user out elsewhere', async () => {
  const limited = await startTestApi({ env: { API_TRUST_PROXY_HOPS: '1' }, rateLimiter: createInMemoryRateLimiter() });
  try {
    const account = await limited.createAccount();
    const from = (address: string, password: string) =>
      limited.request('POST', '/v1/auth/login', {
        body: { email: account.owner.email, password },
        headers: { 'x-forwarded-for': address },
      });
    for (let i = 0; i < 10; i += 1) assertApiError(await from('203.0.113.7', 'wrong'), 401, 'UNAUTHORIZED');
    const backedOff = await from('203.0.113.7', account.owner.password);
    assertApiError(backedOff, 429, 'RATE_LIMITED');
    assert.ok(Number(backedOff.headers.get('retry-after')) >= 900);
    assert.equal((await from('198.51.100.20', account.owner.password)).status, 200);
  } finally {
    await limited.close();
  }
});

test('with one trusted proxy, a client-supplied X-Forwarded-For entry does not choose the address', async () => {
  const limited = await startTestApi({ env: { API_TRUST_PROXY_HOPS: '1' }, rateLimiter: createInMemoryRateLimiter() });
  try {
    const statuses: number[] = [];
    // The proxy appends the real address (198.51.100.9) after whatever the client sent.
    for (let i = 0; i < 31; i += 1)
      statuses.push(
        (
          await limited.request('POST', '/v1/auth/login', {
            body: {},
            headers: { 'x-forwarded-for': `192.0.2.${i}, 198.51.100.9` },
          })
        ).status,
      );
    assert.deepEqual(statuses.slice(0, 30), Array<number>(30).fill(400));
    assert.equal(statuses[30], 429);
  } finally {
    await limited.close();
  }
});
