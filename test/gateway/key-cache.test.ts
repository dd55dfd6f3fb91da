import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import {
  createAccountWithKey,
  eventually,
  setPolicy,
  startGatewayFixture,
  type GatewayFixture,
  type TestAccount,
} from './support/gateway-fixture';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Longer than the cache's age limit without the change feed (900 ms). */
const IDLE_BEYOND_MAX_AGE_MS = 1_500;

describe('the key cache follows changes notified by the database', () => {
  let fx: GatewayFixture;
  const client = (account: TestAccount) =>
    new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: account.apiKey, maxRetries: 0 });
  const chat = (account: TestAccount, content = 'hello') =>
    client(account).chat.completions.create({ model: 'fake-chat', messages: [{ role: 'user', content }] });
  const lookups = () => fx.gateway.app.keyStore.lookups;
  /** The error of the first call that fails, retried for up to 3 s while the calls still succeed. */
  const refusal = (call: () => Promise<unknown>) =>
    eventually(async () => {
      try {
        await call();
        return false;
      } catch (e) {
        return e;
      }
    }, 3_000);
  /** The feed listens and a heartbeat has come back on the current connection. */
  const feedVouches = () => {
    const feed = fx.gateway.app.keyChanges;
    return feed.listeningSince !== Infinity && feed.knownUpTo >= feed.listeningSince;
  };

  before(async () => {
    fx = await startGatewayFixture();
    await eventually(() => Promise.resolve(feedVouches()));
  });
  after(async () => {
    await fx.close();
  });

  test('an unchanged key is not re-read while the feed vouches for it, and a revocation reaches the next request', async () => {
    const account = await createAccountWithKey(fx.database.db, fx.config);
    await chat(account);
    const afterFirstUse = lookups();
    await sleep(IDLE_BEYOND_MAX_AGE_MS);
    await chat(account);
    assert.equal(lookups(), afterFirstUse, 'no database read for a key whose account did not change');

    await fx.database.db('api_keys').where({ id: account.keyId }).update({ revoked_at: new Date() });
    // Only the notification can end the caching here: without it the feed would keep vouching for the key.
    const error = await refusal(() => chat(account));
    assert.ok(error instanceof OpenAI.AuthenticationError);
    assert.match(error.message, /revoked/);
  });

  test('a new policy version and a disabled account apply to the next request', async () => {
    const account = await createAccountWithKey(fx.database.db, fx.config);
    await chat(account, 'about project nightingale');
    await setPolicy(fx.database.db, account.accountId, [
      { id: 'no-nightingale', type: 'keyword', keywords: ['project nightingale'], action: 'block' },
    ]);
    const blocked = await refusal(() => chat(account, 'about project nightingale'));
    assert.ok(blocked instanceof OpenAI.PermissionDeniedError);
    assert.match(blocked.message, /no-nightingale/);
    await chat(account, 'about something else');

    await fx.database.db('accounts').where({ id: account.accountId }).update({ status: 'disabled' });
    const disabled = await refusal(() => chat(account, 'about something else'));
    assert.ok(disabled instanceof OpenAI.PermissionDeniedError);
    assert.match(disabled.message, /disabled/);
  });

  test('an account an operator starts moving to another region is answered 503 from the next request, not refused', async () => {
    const account = await createAccountWithKey(fx.database.db, fx.config);
    await chat(account);
    // What a move's freeze writes.
    await fx.database.db('accounts').where({ id: account.accountId }).update({ status: 'disabled', moving_to: 'us' });
    const moving = await refusal(() => chat(account));
    assert.ok(moving instanceof OpenAI.APIError);
    assert.equal(moving.status, 503);
    assert.match(moving.message, /being moved to another region/);
  });

  test('a key revoked while its first read is still running is refused on the next request', async () => {
    const account = await createAccountWithKey(fx.database.db, fx.config);
    const db = fx.database.db;
    // Hold the read halfway: the key row is read, the policies wait behind this lock.
    const lock = await db.transaction();
    let first: Promise<unknown> | null = null;
    try {
      await lock.raw('lock table policies in access exclusive mode');
      first = chat(account);
      await eventually(async () => {
        const { rows } = await db.raw<{ rows: Array<{ n: number }> }>(
          `select count(*)::int as n from pg_stat_activity
            where wait_event_type = 'Lock' and query like '%policy_versions%' and datname = current_database()`,
        );
        return (rows[0]?.n ?? 0) > 0;
      });
      await db('api_keys').where({ id: account.keyId }).update({ revoked_at: new Date() });
      // The notification reaches the gateway while the read is still held.
      const feed = fx.gateway.app.keyChanges;
      const revokedAt = Date.now();
      await eventually(() => Promise.resolve(feed.knownUpTo > revokedAt));
    } finally {
      await lock.rollback();
    }
    await first; // read before the revocation: this one goes through

    const error = await refusal(() => chat(account));
    assert.ok(error instanceof OpenAI.AuthenticationError);
  });

  test('when the feed connection dies, changes still apply within a second, and the feed comes back', async () => {
    const revoked = await createAccountWithKey(fx.database.db, fx.config);
    const kept = await createAccountWithKey(fx.database.db, fx.config);
    await chat(revoked);
    await chat(kept);

    const { rows } = await fx.database.db.raw<{ rows: Array<{ killed: boolean }> }>(
      `select pg_terminate_backend(pid) as killed from pg_stat_activity
        where application_name = 'autrace-gateway-key-changes' and datname = current_database()`,
    );
    assert.equal(rows.length, 1, 'one feed connection per gateway');
    assert.equal(rows[0]?.killed, true);
    // Committed while nobody listens: no notification will ever announce it.
    await fx.database.db('api_keys').where({ id: revoked.keyId }).update({ revoked_at: new Date() });
    const revokedAt = Date.now();
    const error = await refusal(() => chat(revoked));
    assert.ok(error instanceof OpenAI.AuthenticationError);
    assert.ok(Date.now() - revokedAt < 1_500, `the revocation took ${Date.now() - revokedAt} ms`);

    await eventually(() => Promise.resolve(feedVouches()), 10_000);
    await chat(kept); // re-read: it was cached before the feed's new connection started listening
    const afterReconnect = lookups();
    await sleep(IDLE_BEYOND_MAX_AGE_MS);
    await chat(kept);
    assert.equal(lookups(), afterReconnect, 'the feed vouches for keys again once it is back');
  });
});
