import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { assertApiError, startTestApi, type TestApi } from '../support/api';

const INDEX = '<!doctype html><title>app</title><script type="module" src="/assets/index-abc123.js"></script>';
let api: TestApi;
let unbuilt: TestApi;

before(async () => {
  const webDir = await mkdtemp(path.join(os.tmpdir(), 'autrace-web-'));
  await mkdir(path.join(webDir, 'assets'));
  await writeFile(path.join(webDir, 'index.html'), INDEX);
  await writeFile(path.join(webDir, 'assets', 'index-abc123.js'), 'console.log(1);');
  await writeFile(path.join(webDir, 'robots.txt'), 'User-agent: *\n');
  [api, unbuilt] = await Promise.all([
    startTestApi({ env: { API_WEB_DIR: webDir } }),
    startTestApi({ env: { API_WEB_DIR: path.join(webDir, 'no-such-build') } }),
  ]);
});

after(async () => {
  await Promise.all([api.close(), unbuilt.close()]);
});

test('the root serves the app with a strict Content-Security-Policy, revalidated on every load', async () => {
  const response = await api.request('GET', '/');
  assert.equal(response.status, 200);
  assert.equal(response.text, INDEX);
  assert.match(response.headers.get('content-type') ?? '', /text\/html/);
  const csp = response.headers.get('content-security-policy') ?? '';
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.equal(response.headers.get('cache-control'), 'no-cache');
  assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
});

test('hashed assets are cached for a year as immutable', async () => {
  const response = await api.request('GET', '/assets/index-abc123.js');
  assert.equal(response.status, 200);
  assert.equal(response.text, 'console.log(1);');
  assert.equal(response.headers.get('cache-control'), 'max-age=31536000,immutable');
});

test('other files of the build are served as they are and revalidated', async () => {
  const response = await api.request('GET', '/robots.txt');
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('cache-control'), 'no-cache');
});

test('an app path with no file falls back to index.html, so deep links open', async () => {
  for (const page of ['/logs', '/privacy/verify?token=abc', '/operator/requests/123']) {
    const response = await api.request('GET', page);
    assert.equal(response.status, 200, page);
    assert.equal(response.text, INDEX, page);
  }
});

test('a missing asset is a 404, not the app', async () => {
  assertApiError(await api.request('GET', '/assets/index-gone.js'), 404, 'NOT_FOUND');
});

test('an unknown API path stays a JSON 404', async () => {
  assertApiError(await api.request('GET', '/v1/no-such-route'), 404, 'NOT_FOUND');
});

test('a path outside the build folder is never served', async () => {
  const response = await api.request('GET', '/..%2f..%2fetc%2fpasswd');
  assert.notEqual(response.text.includes('root:'), true);
});

test('without a build, the app paths say how to build it', async () => {
  const response = await unbuilt.request<{ error: { message: string } }>('GET', '/');
  assertApiError(response, 503, 'SERVICE_UNAVAILABLE');
  assert.match(response.body.error.message, /npm run build/);
});
