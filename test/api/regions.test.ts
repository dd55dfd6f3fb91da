import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { emailHmac } from '../../platform/regions/directory';
import { assertApiError, startTestApi, type TestApi } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { signedSubscriptionEvent } from '../support/stripe-events';

/**
 * Three regional databases (EU, the primary, holds the directory too): an account's rows are written
 * to its home region's database only, the directory holds where they are and no address in clear,
 * and every signed-in request works on the home region's database.
 */
const WEBHOOK_SECRET = 'whsec_test_regions';

interface Session {
  token: string;
}
interface SignedUp {
  accountId: string;
  userId: string;
  session: Session;
}

const signupBody = (email: string, region: 'eu' | 'us') => ({
  accountName: 'Acme',
  name: 'Ada',
  email,
  password: 'correct horse battery staple',
  ageConfirmed: true,
  region,
});

describe('regional databases and the directory', () => {
  let api: TestApi;
  let us: TestDatabase;
  let apac: TestDatabase;
  const eu = () => api.stack.database;

  before(async () => {
    us = await createTestDatabase();
    apac = await createTestDatabase();
    api = await startTestApi({
      env: { DATABASE_URL_US: us.url, DATABASE_URL_APAC: apac.url, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET },
    });
  });
  after(async () => {
    await api?.close();
    await us?.drop();
    await apac?.drop();
  });

  const rowsOf = async (database: TestDatabase, table: string, where: Record<string, unknown>) =>
    Number((await database.db(table).where(where).count<Array<{ n: number }>>({ n: '*' }))[0]?.n ?? 0);

  test('sign-up writes the account to its home region only, and the directory holds an HMAC, not the address', async () => {
    const email = `ada-${randomUUID().slice(0, 8)}@acme.test`;
    const response = await api.request<SignedUp>('POST', '/v1/auth/signup', { body: signupBody(email, 'us') });
    assert.equal(response.status, 201, response.text);
    const { accountId, userId, session } = response.body;
    assert.match(session.token, /^ats_us_/);

    assert.equal(await rowsOf(us, 'accounts', { id: accountId }), 1);
    assert.equal(await rowsOf(us, 'users', { id: userId }), 1);
    assert.equal(await rowsOf(us, 'audit_log', { account_id: accountId }), 1);
    for (const other of [eu(), apac]) {
      assert.equal(await rowsOf(other, 'accounts', { id: accountId }), 0);
      assert.equal(await rowsOf(other, 'users', { email }), 0);
      assert.equal(await rowsOf(other, 'audit_log', { account_id: accountId }), 0);
    }

    const directory = eu().db;
    assert.deepEqual(await directory('directory_accounts').where({ account_id: accountId }).select('region'), [
      { region: 'us' },
    ]);
    const hmac = emailHmac(api.stack.config.regions.directory.emailKey, email);
    assert.equal(await rowsOf(eu(), 'directory_users', { email_hmac: hmac, account_id: accountId }), 1);
    // Nothing in the directory's tables reads as the address.
    const { rows } = await directory.raw<{ rows: Array<{ dump: string }> }>(
      `select concat_ws(' ', (select string_agg(t::text, ' ') from directory_accounts t),
                             (select string_agg(t::text, ' ') from directory_users t),
                             (select string_agg(t::text, ' ') from directory_api_keys t)) as dump`,
    );
    assert.ok(!(rows[0]?.dump ?? '').includes(email.split('@')[0] ?? email));
    assert.ok(!(rows[0]?.dump ?? '').includes(Buffer.from(email).toString('hex')));
  });

  test('a signed-in user works on the home region: keys, users and the directory entries they keep', async () => {
    const email = `grace-${randomUUID().slice(0, 8)}@acme.test`;
    const signed = await api.request<SignedUp>('POST', '/v1/auth/signup', { body: signupBody(email, 'us') });
    const { token } = signed.body.session;
    const accountId = signed.body.accountId;

    const created = await api.request<{ key: { id: string; prefix: string } }>('POST', '/v1/api-keys', {
      token,
      body: { name: 'ci' },
    });
    assert.equal(created.status, 201, created.text);
    const { prefix, id } = created.body.key;
    assert.equal(await rowsOf(us, 'api_keys', { id }), 1);
    assert.equal(await rowsOf(eu(), 'api_keys', { id }), 0);
    assert.equal(await rowsOf(eu(), 'directory_api_keys', { prefix, account_id: accountId }), 1);

    const listed = await api.request<{ keys: Array<{ id: string }> }>('GET', '/v1/api-keys', { token });
    assert.deepEqual(
      listed.body.keys.map((k) => k.id),
      [id],
    );

    const revoked = await api.request('DELETE', `/v1/api-keys/${id}`, { token });
    assert.equal(revoked.status, 200, revoked.text);
    assert.equal(await rowsOf(eu(), 'directory_api_keys', { prefix }), 0);

    const memberEmail = `member-${randomUUID().slice(0, 8)}@acme.test`;
    const member = await api.request<{ user: { id: string } }>('POST', '/v1/users', {
      token,
      body: { name: 'Member', email: memberEmail, password: 'another long passphrase', role: 'member' },
    });
    assert.equal(member.status, 201, member.text);
    assert.equal(await rowsOf(us, 'users', { email: memberEmail }), 1);
    assert.equal(await rowsOf(eu(), 'users', { email: memberEmail }), 0);
    const hmac = emailHmac(api.stack.config.regions.directory.emailKey, memberEmail);
    assert.equal(await rowsOf(eu(), 'directory_users', { email_hmac: hmac, account_id: accountId }), 1);

    // Sign-in finds the region through the e-mail's HMAC; the session lives there.
    const login = await api.request<Session>('POST', '/v1/auth/login', {
      body: { email: memberEmail.toUpperCase(), password: 'another long passphrase' },
    });
    assert.equal(login.status, 200, login.text);
    assert.match(login.body.token, /^ats_us_/);
    const me = await api.request<{ userId: string; account: { region: string } }>('GET', '/v1/me', {
      token: login.body.token,
    });
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body.userId, member.body.user.id);
    assert.equal(me.body.account.region, 'us');
    assert.equal(await rowsOf(us, 'sessions', { user_id: member.body.user.id }), 1);
    assert.equal(await rowsOf(eu(), 'sessions', { user_id: member.body.user.id }), 0);
  });

  test('a session token naming another region finds nothing there', async () => {
    const email = `eve-${randomUUID().slice(0, 8)}@acme.test`;
    const signed = await api.request<SignedUp>('POST', '/v1/auth/signup', { body: signupBody(email, 'us') });
    const moved = signed.body.session.token.replace(/^ats_us_/, 'ats_apac_');
    assertApiError(await api.request('GET', '/v1/api-keys', { token: moved }), 401, 'UNAUTHORIZED');
    assertApiError(await api.request('GET', '/v1/api-keys', { token: 'ats_mars_x' }), 401, 'UNAUTHORIZED');
  });

  test('an address is taken across regions: a second sign-up elsewhere is a 409 and writes nothing', async () => {
    const email = `taken-${randomUUID().slice(0, 8)}@acme.test`;
    assert.equal((await api.request('POST', '/v1/auth/signup', { body: signupBody(email, 'us') })).status, 201);
    const accountsBefore = await rowsOf(eu(), 'accounts', {});
    const directoryBefore = await rowsOf(eu(), 'directory_accounts', {});
    assertApiError(
      await api.request('POST', '/v1/auth/signup', { body: signupBody(email.toUpperCase(), 'eu') }),
      409,
      'CONFLICT',
    );
    assert.equal(await rowsOf(eu(), 'accounts', {}), accountsBefore);
    assert.equal(await rowsOf(eu(), 'directory_accounts', {}), directoryBefore, 'the account entry was deleted again');
  });

  test('a sign-up the region refuses leaves no directory entry behind (the compensating delete)', async () => {
    const email = `legacy-${randomUUID().slice(0, 8)}@acme.test`;
    // A user the directory does not know (written before it existed) holds the address in the US database.
    const legacyAccount = randomUUID();
    await us.db('accounts').insert({ id: legacyAccount, name: 'Legacy', plan: 'free', region: 'us' });
    await us.db('users').insert({ account_id: legacyAccount, email, name: 'Old', password_hash: 'x', role: 'owner' });
    const directoryBefore = await rowsOf(eu(), 'directory_accounts', {});
    assertApiError(await api.request('POST', '/v1/auth/signup', { body: signupBody(email, 'us') }), 409, 'CONFLICT');
    assert.equal(await rowsOf(eu(), 'directory_accounts', {}), directoryBefore);
    const hmac = emailHmac(api.stack.config.regions.directory.emailKey, email);
    assert.equal(await rowsOf(eu(), 'directory_users', { email_hmac: hmac }), 0);
  });

  test('an e-mail entry a failed sign-up left behind is reclaimed once it is old, never while it is fresh', async () => {
    const email = `orphan-${randomUUID().slice(0, 8)}@acme.test`;
    const orphanAccount = randomUUID();
    const hmac = emailHmac(api.stack.config.regions.directory.emailKey, email);
    await eu().db('directory_accounts').insert({ account_id: orphanAccount, region: 'us' });
    await eu().db('directory_users').insert({ email_hmac: hmac, account_id: orphanAccount });
    // Fresh: a sign-up may still be committing it.
    assertApiError(await api.request('POST', '/v1/auth/signup', { body: signupBody(email, 'eu') }), 409, 'CONFLICT');

    await eu()
      .db('directory_users')
      .where({ email_hmac: hmac })
      .update({ registered_at: new Date(Date.now() - 3_600_000) });
    const signed = await api.request<SignedUp>('POST', '/v1/auth/signup', { body: signupBody(email, 'eu') });
    assert.equal(signed.status, 201, signed.text);
    assert.equal(await rowsOf(eu(), 'directory_users', { email_hmac: hmac, account_id: signed.body.accountId }), 1);
  });

  test('a Stripe subscription event for a US account changes its plan in the US database, and only there', async () => {
    const response = await api.request<SignedUp>('POST', '/v1/auth/signup', {
      body: signupBody(`payer-${randomUUID().slice(0, 8)}@acme.test`, 'us'),
    });
    assert.equal(response.status, 201, response.text);
    const { accountId } = response.body;
    const deliver = (customer: string, metadata: Record<string, string>) =>
      api.request<{ outcome: string }>(
        'POST',
        '/v1/billing/stripe-webhook',
        signedSubscriptionEvent({ secret: WEBHOOK_SECRET, accountId, customer, metadata }),
      );
    const customer = `cus_${accountId.slice(0, 8)}`;
    // The checkout's subscription names the account in its metadata: the directory places it.
    const first = await deliver(customer, { accountId });
    assert.deepEqual([first.status, first.body.outcome], [200, 'applied'], first.text);
    assert.deepEqual(await us.db('accounts').where({ id: accountId }).first('plan', 'stripe_customer_id'), {
      plan: 'growth',
      stripe_customer_id: customer,
    });
    assert.equal(await rowsOf(us, 'audit_log', { account_id: accountId, action: 'plan.changed' }), 1);
    assert.equal(await rowsOf(eu(), 'accounts', { id: accountId }), 0);
    assert.equal(await rowsOf(eu(), 'subscriptions', { account_id: accountId }), 0);

    // Later events carry only the customer, which the account's region knows.
    const renewed = await deliver(customer, {});
    assert.deepEqual([renewed.status, renewed.body.outcome], [200, 'applied'], renewed.text);
    assert.equal(await rowsOf(us, 'audit_log', { account_id: accountId, action: 'plan.changed' }), 2);
  });
});
