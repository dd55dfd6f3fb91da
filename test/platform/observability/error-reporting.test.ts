import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import * as Sentry from '@sentry/node';
import { z } from 'zod';
import { createApiApp } from '../../../api/app';
import { defineRoute } from '../../../api/http/define-route';
import { flushErrorReports, initErrorReporting } from '../../../platform/observability/error-reporting';
import { startTestApi, type TestApi } from '../../support/api';

/** A local stand-in for Sentry's ingest: keeps every envelope posted to /api/<project>/envelope/. */
let collector: Server;
const envelopes: string[] = [];
let api: TestApi;
let apiServer: Server;
let apiUrl: string;

const EMAIL = 'ada.lovelace@example.com';
const API_KEY = 'atr_K3yPr3f1x_s3cr3tV4lu3Th4tMustN0tL34k';
const SESSION = 'ats_Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6';
const PROMPT = 'Summarise the divorce papers of my neighbour Jane';

const failingRoute = defineRoute({
  method: 'post',
  path: '/v1/test/failing',
  summary: 'Fails as a bug would, with personal data in its message',
  tags: ['test'],
  auth: 'public',
  request: { body: z.object({ prompt: z.string() }) },
  responses: { 200: { description: 'Never' } },
  handler({ body }) {
    return Promise.reject(
      new Error(`upstream refused ${EMAIL} (key ${API_KEY}, session ${SESSION}): ${body.prompt.length}`),
    );
  },
});

before(async () => {
  collector = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      envelopes.push((req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const { port } = collector.address() as AddressInfo;
  await initErrorReporting({ env: 'test', sentry: { dsn: `http://publickey@127.0.0.1:${port}/1` } }, 'api');
  api = await startTestApi();
  apiServer = createApiApp(api.deps, [failingRoute]).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => apiServer.once('listening', () => resolve()));
  apiUrl = `http://127.0.0.1:${(apiServer.address() as AddressInfo).port}`;
});

after(async () => {
  await Sentry.close(2_000);
  apiServer?.close();
  await api?.close();
  collector?.close();
});

/** The event items of the envelopes received since `from`. */
function eventsSince(from: number): string[] {
  return envelopes
    .slice(from)
    .flatMap((envelope) => envelope.split('\n'))
    .filter((line) => line.includes('"exception"'));
}

test("an API 500 reaches the collector as an event without the message's e-mail address, key or session token", async () => {
  const from = envelopes.length;
  const response = await fetch(`${apiUrl}/v1/test/failing`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${SESSION}`, cookie: `s=${SESSION}` },
    body: JSON.stringify({ prompt: PROMPT }),
  });
  assert.equal(response.status, 500);
  await flushErrorReports();
  const events = eventsSince(from);
  assert.equal(events.length, 1, `events: ${envelopes.slice(from).join('\n---\n').slice(0, 2000)}`);
  const event = events[0] ?? '';
  assert.match(event, /upstream refused \[EMAIL\]/);
  assert.match(event, /"type":"Error"/);
  for (const secret of [EMAIL, API_KEY, SESSION, 'K3yPr3f1x', PROMPT])
    assert.ok(!event.includes(secret), `the event carries ${secret}`);
});

test('prompt text and credentials in an event’s context are removed before it is sent', async () => {
  const from = envelopes.length;
  Sentry.captureException(new Error('provider call failed'), {
    extra: {
      prompt: PROMPT,
      request: { messages: [{ role: 'user', content: PROMPT }], headers: { authorization: `Bearer ${API_KEY}` } },
      note: `retrying for ${EMAIL}`,
    },
    user: { email: EMAIL, ip_address: '203.0.113.9' },
  });
  await flushErrorReports();
  const event = eventsSince(from)[0] ?? '';
  assert.match(event, /provider call failed/);
  assert.match(event, /retrying for \[EMAIL\]/);
  for (const secret of [PROMPT, API_KEY, EMAIL, '203.0.113.9'])
    assert.ok(!event.includes(secret), `the event carries ${secret}`);
});
