import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createApiApp } from '../../api/app';
import { rateLimitAddress } from '../../api/rate-limit/client-address';
import { createPostgresRateLimiter } from '../../api/rate-limit/rate-limiter';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
const instances: Server[] = [];
const urls: string[] = [];

before(async () => {
  api = await startTestApi();
  // Two API instances on one database, each with a limiter object of its own, as two processes would have.
  for (let i = 0; i < 2; i += 1) {
    const server = createApiApp({ ...api.deps, rateLimiter: createPostgresRateLimiter(api.stack.database.db) }).listen(
      0,
      '127.0.0.1',
    );
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    instances.push(server);
    urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }
});

after(async () => {
  for (const server of instances) server.close();
  await api?.close();
});

test('a limit holds across API instances: the counts live in Postgres', async () => {
  const statuses: number[] = [];
  // Log-in allows 30 per address per 15 minutes; alternate between the instances.
  for (let i = 0; i < 31; i += 1) {
    const response = await fetch(`${urls[i % 2]}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    statuses.push(response.status);
  }
  assert.deepEqual(statuses.slice(0, 30), Array<number>(30).fill(400));
  assert.equal(statuses[30], 429);
});

test('signed-in routes are limited per user: the audit chain verification six times a minute', async () => {
  const account = await api.createAccount();
  const statuses: number[] = [];
  for (let i = 0; i < 7; i += 1) {
    const response = await fetch(`${urls[i % 2]}/v1/audit/verify`, {
      headers: { authorization: `Bearer ${account.owner.token}` },
    });
    statuses.push(response.status);
  }
  assert.deepEqual(statuses.slice(0, 6), Array<number>(6).fill(200));
  assert.equal(statuses[6], 429);
  const other = await api.createAccount();
  const otherStatus = (
    await fetch(`${urls[0]}/v1/audit/verify`, { headers: { authorization: `Bearer ${other.owner.token}` } })
  ).status;
  assert.equal(otherStatus, 200);
});

test('IPv6 clients are counted per /64; IPv4-mapped addresses as IPv4', () => {
  assert.equal(rateLimitAddress('2001:db8:1:2:aaaa::1'), rateLimitAddress('2001:db8:1:2:ffff:ffff:ffff:ffff'));
  assert.notEqual(rateLimitAddress('2001:db8:1:2::1'), rateLimitAddress('2001:db8:1:3::1'));
  assert.equal(rateLimitAddress('2001:db8::1'), '2001:0db8:0000:0000::/64');
  assert.equal(rateLimitAddress('::ffff:192.0.2.7'), '192.0.2.7');
  assert.equal(rateLimitAddress('192.0.2.7'), '192.0.2.7');
});
