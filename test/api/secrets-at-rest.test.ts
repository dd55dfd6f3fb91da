import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { REDACTED_PATHS } from '../../platform/observability/logger';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
const logLines: string[] = [];

before(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = pino({ level: 'trace', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
  api = await startTestApi({ logger });
});

after(async () => {
  await api?.close();
});

/** Every row of every table in the public schema, as text. */
async function dumpDatabase(): Promise<string> {
  const db = api.stack.database.db;
  const tables = await db('pg_tables').where({ schemaname: 'public' }).pluck('tablename');
  const parts: string[] = [];
  for (const table of tables) {
    const { rows } = await db.raw<{ rows: Array<{ row: string }> }>('select t::text as row from ?? t', [table]);
    parts.push(...rows.map((r) => r.row));
  }
  return parts.join('\n');
}

test('no password, session token or API key secret is stored or logged in plaintext', async () => {
  const password = 'plaintext-password-canary-4711';
  const signup = await api.request<{ session: { token: string } }>('POST', '/v1/auth/signup', {
    body: { accountName: 'Canary', name: 'Canary', email: 'canary@acme.test', password, ageConfirmed: true },
  });
  assert.equal(signup.status, 201);
  const token = signup.body.session.token;
  await api.request('POST', '/v1/auth/login', { body: { email: 'canary@acme.test', password } });
  await api.request('POST', '/v1/auth/login', { body: { email: 'canary@acme.test', password: `${password}-wrong` } });
  const key = await api.request<{ apiKey: string }>('POST', '/v1/api-keys', { token, body: { name: 'canary' } });
  assert.equal(key.status, 201);
  await api.request('POST', '/v1/users', {
    token,
    body: { name: 'Second', email: 'second@acme.test', password: `${password}-2`, role: 'member' },
  });
  await api.request('POST', '/v1/auth/signup', {
    body: { accountName: 'x', name: 'x', email: 'canary@acme.test', password, ageConfirmed: true },
  });

  const secret = key.body.apiKey.split('_').slice(2).join('_');
  const dump = await dumpDatabase();
  const logs = logLines.join('');
  assert.ok(logs.includes('"path":"/v1/api-keys"'), 'the request log is captured');
  for (const [name, value] of Object.entries({
    password,
    token,
    apiKey: key.body.apiKey,
    apiKeySecret: secret,
    second: `${password}-2`,
  })) {
    assert.ok(!dump.includes(value), `${name} found in the database dump`);
    assert.ok(!logs.includes(value), `${name} found in the logs`);
  }
});
