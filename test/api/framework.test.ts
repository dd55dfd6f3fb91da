import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { compileErrors, validate } from '@readme/openapi-parser';
import { buildRouter } from '../../api/http/router';
import { toOpenApiPath } from '../../api/http/openapi-document';
import { apiRoutes } from '../../api/routes';
import { createInMemoryRateLimiter, startTestApi, type TestApi } from '../support/api';

interface ErrorBody {
  error: { code: string; message: string; requestId: string };
}

let api: TestApi;

before(async () => {
  api = await startTestApi();
});

after(async () => {
  await api?.close();
});

function assertErrorShape(
  response: { status: number; body: unknown; headers: Headers },
  status: number,
  code: string,
): void {
  assert.equal(response.status, status);
  const body = response.body as ErrorBody;
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
  assert.equal(body.error.requestId, response.headers.get('x-request-id'));
  assert.deepEqual(Object.keys(body), ['error']);
}

test('GET /healthz answers 200 once Postgres answers', async () => {
  const response = await api.request('GET', '/healthz');
  assert.equal(response.status, 200);
  assert.deepEqual(response.body, { status: 'ok' });
});

test('an unknown route is a 404 in the error shape', async () => {
  assertErrorShape(await api.request('GET', '/v1/nothing-here'), 404, 'NOT_FOUND');
});

test('a known path with the wrong method is a 405 in the error shape', async () => {
  const response = await api.request('PUT', '/v1/api-keys');
  assertErrorShape(response, 405, 'METHOD_NOT_ALLOWED');
  assert.match(response.headers.get('allow') ?? '', /GET/);
});

test('malformed JSON is a 400 in the error shape', async () => {
  const response = await api.request('POST', '/v1/auth/login', {
    rawBody: '{"email": ',
    headers: { 'content-type': 'application/json' },
  });
  assertErrorShape(response, 400, 'BAD_REQUEST');
  assert.match((response.body as ErrorBody).error.message, /malformed JSON/);
});

test('a body that is not JSON is a 415 in the error shape', async () => {
  assertErrorShape(
    await api.request('POST', '/v1/auth/login', { rawBody: 'email=a', headers: { 'content-type': 'text/plain' } }),
    415,
    'UNSUPPORTED_MEDIA_TYPE',
  );
});

test('an oversized body is a 413 in the error shape', async () => {
  const huge = JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(2 * 1024 * 1024) });
  assertErrorShape(
    await api.request('POST', '/v1/auth/login', { rawBody: huge, headers: { 'content-type': 'application/json' } }),
    413,
    'PAYLOAD_TOO_LARGE',
  );
});

test('schema violations are a 400 naming the field, never echoing the value', async () => {
  const response = await api.request('POST', '/v1/auth/login', {
    body: { email: 'not-an-email', password: 'secret-value-123' },
  });
  assertErrorShape(response, 400, 'BAD_REQUEST');
  assert.match((response.body as ErrorBody).error.message, /body\.email/);
  assert.doesNotMatch(response.text, /secret-value-123/);
});

test('a route that needs a session answers 401 without one and with a bogus one', async () => {
  assertErrorShape(await api.request('GET', '/v1/api-keys'), 401, 'UNAUTHORIZED');
  assertErrorShape(await api.request('GET', '/v1/api-keys', { token: 'ats_not-a-real-token' }), 401, 'UNAUTHORIZED');
});

test('a client-supplied X-Request-Id is echoed in the error', async () => {
  const response = await api.request('GET', '/v1/nothing', { headers: { 'x-request-id': 'trace-123' } });
  assert.equal((response.body as ErrorBody).error.requestId, 'trace-123');
});

test('public endpoints are rate limited per client with 429 and Retry-After', async () => {
  const limited = await startTestApi({ rateLimiter: createInMemoryRateLimiter() });
  try {
    // Invalid bodies are cheap (no password hashing) and still count: the limit applies before validation.
    const statuses: number[] = [];
    for (let i = 0; i < 30; i += 1)
      statuses.push((await limited.request('POST', '/v1/auth/login', { body: {} })).status);
    assert.deepEqual([...new Set(statuses)], [400]);
    const last = await limited.request('POST', '/v1/auth/login', { body: {} });
    assertErrorShape(last, 429, 'RATE_LIMITED');
    assert.ok(Number(last.headers.get('retry-after')) > 0);
  } finally {
    await limited.close();
  }
});

test('the OpenAPI document is valid OpenAPI 3.1', async () => {
  const response = await api.request<Record<string, unknown>>('GET', '/openapi.json');
  assert.equal(response.status, 200);
  assert.equal(response.body.openapi, '3.1.0');
  const result = await validate(structuredClone(response.body) as never);
  assert.ok(result.valid, result.valid ? '' : compileErrors(result));
});

test('every route in the router appears in the OpenAPI document', async () => {
  const document = (await api.request<{ paths: Record<string, Record<string, unknown>> }>('GET', '/openapi.json')).body;
  const router = buildRouter(apiRoutes, api.deps);
  let walked = 0;
  for (const layer of router.stack) {
    for (const method of layer.methods.filter((m) => m !== 'HEAD')) {
      walked += 1;
      const operation = document.paths[toOpenApiPath(String(layer.path))]?.[method.toLowerCase()];
      assert.ok(operation, `${method} ${layer.path} is missing from /openapi.json`);
    }
  }
  assert.equal(walked, apiRoutes.length);
});

test('/docs is a readable HTML page that needs no network', async () => {
  const response = await api.request('GET', '/docs');
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /text\/html/);
  assert.match(response.text, /POST \/v1\/api-keys/);
  assert.doesNotMatch(response.text, /<script|https?:\/\/(?!127\.0\.0\.1)[^"]*\.(js|css)/);
});
