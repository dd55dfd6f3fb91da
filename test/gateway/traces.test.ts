import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { createNetworkGuard } from '../../platform/provider-connections/network-guard';
import { createProviderConnection } from '../../platform/provider-connections/provider-connections';
import { freePort } from '../../scripts/local-services';
import {
  createAccountWithKey,
  startGatewayFixture,
  type GatewayFixture,
  type TestAccount,
} from './support/gateway-fixture';

/** OTLP/HTTP JSON as the exporter writes it (only the fields the tests read). */
interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: OtlpValue }>;
  status?: { code?: number };
  links?: Array<{ traceId: string; spanId: string; attributes: Array<{ key: string; value: OtlpValue }> }>;
}
interface OtlpExport {
  resourceSpans: Array<{
    resource: { attributes: Array<{ key: string; value: OtlpValue }> };
    scopeSpans: Array<{ spans: OtlpSpan[] }>;
  }>;
}

const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CLIENT = 3;
const STATUS_ERROR = 2;

/** A collector stand-in: records every OTLP/HTTP export it receives, raw. */
async function startCollector(): Promise<{
  url: string;
  bodies: Array<{ contentType: string; text: string }>;
  close(): Promise<void>;
}> {
  const bodies: Array<{ contentType: string; text: string }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces')
        bodies.push({ contentType: req.headers['content-type'] ?? '', text: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function attribute(span: OtlpSpan, key: string): string | number | boolean | undefined {
  const value = span.attributes.find((a) => a.key === key)?.value;
  if (!value) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  return value.boolValue;
}

describe('traces of gateway requests (OTLP/HTTP to a collector)', () => {
  let fx: GatewayFixture;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let account: TestAccount;
  const PROVIDER_KEY = 'sk-tenant-provider-key-trace-canary-4242';
  let refusedPort: number;

  before(async () => {
    collector = await startCollector();
    fx = await startGatewayFixture({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url } });
    account = await createAccountWithKey(fx.database.db, fx.config);
    refusedPort = await freePort();
    const deps = {
      db: fx.database.db,
      masterKey: fx.config.keys.master,
      guard: createNetworkGuard(fx.config.providers.network),
    };
    const actor = { actorType: 'system' as const, actorId: 'test' };
    await createProviderConnection(deps, {
      accountId: account.accountId,
      connection: {
        name: 'own',
        kind: 'openai-compatible',
        baseUrl: `${fx.fake.url}/v1`,
        models: ['tenant-*'],
        apiKey: PROVIDER_KEY,
      },
      createdBy: null,
      actor,
    });
    await createProviderConnection(deps, {
      accountId: account.accountId,
      connection: {
        name: 'down',
        kind: 'openai-compatible',
        baseUrl: `http://127.0.0.1:${refusedPort}/v1`,
        models: ['down-*'],
      },
      createdBy: null,
      actor,
    });
  });

  after(async () => {
    await fx.close();
    await collector.close();
  });

  /** Every span exported so far, after the gateway has sent what it holds. */
  async function exportedSpans(): Promise<OtlpSpan[]> {
    await fx.gateway.app.tracer?.flush();
    return collector.bodies.flatMap(
      (b) =>
        (JSON.parse(b.text) as OtlpExport).resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)) ?? [],
    );
  }

  /** The request span with this x-request-id, and the attempt spans under it. */
  async function traceOf(requestId: string): Promise<{ request: OtlpSpan; attempts: OtlpSpan[] }> {
    const spans = await exportedSpans();
    const request = spans.find((s) => attribute(s, 'autrace.request.id') === requestId);
    assert.ok(request, `a span for request ${requestId}`);
    const attempts = spans.filter((s) => s.parentSpanId === request.spanId);
    return { request, attempts };
  }

  test('a chat request exports a server span with one client span per upstream attempt under it, in GenAI terms', async () => {
    const client = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: account.apiKey, maxRetries: 0 });
    const { data, response } = await client.chat.completions
      .create({ model: 'tenant-chat', messages: [{ role: 'user', content: 'hello there' }] })
      .withResponse();
    const requestId = response.headers.get('x-request-id') ?? '';
    const { request, attempts } = await traceOf(requestId);

    assert.equal(request.kind, SPAN_KIND_SERVER);
    assert.equal(request.name, 'POST /v1/chat/completions');
    assert.equal(attribute(request, 'http.response.status_code'), 200);
    assert.equal(attribute(request, 'gen_ai.operation.name'), 'chat');
    assert.equal(attribute(request, 'gen_ai.request.model'), 'tenant-chat');
    assert.equal(attribute(request, 'autrace.account.id'), account.accountId);
    assert.equal(attribute(request, 'autrace.attempts'), 1);

    assert.equal(attempts.length, 1);
    const [attempt] = attempts as [OtlpSpan];
    assert.equal(attempt.traceId, request.traceId);
    assert.equal(attempt.kind, SPAN_KIND_CLIENT);
    assert.equal(attempt.name, 'chat tenant-chat');
    assert.equal(attribute(attempt, 'gen_ai.operation.name'), 'chat');
    assert.equal(attribute(attempt, 'gen_ai.provider.name'), 'openai-compatible');
    assert.equal(attribute(attempt, 'gen_ai.system'), 'openai-compatible');
    assert.equal(attribute(attempt, 'gen_ai.request.model'), 'tenant-chat');
    assert.equal(attribute(attempt, 'gen_ai.response.model'), data.model);
    assert.equal(attribute(attempt, 'gen_ai.usage.input_tokens'), data.usage?.prompt_tokens);
    assert.equal(attribute(attempt, 'gen_ai.usage.output_tokens'), data.usage?.completion_tokens);
    assert.equal(attribute(attempt, 'server.address'), '127.0.0.1');
    assert.equal(attribute(attempt, 'server.port'), Number(new URL(fx.fake.url).port));
    assert.equal(attribute(attempt, 'http.response.status_code'), 200);
  });

  test('a streamed Anthropic request’s attempt span carries the usage the stream reported', async () => {
    const client = new Anthropic({ baseURL: fx.baseUrl, apiKey: account.apiKey, maxRetries: 0 });
    const stream = client.messages.stream({
      model: 'fake-chat',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'stream me something' }],
    });
    const message = await stream.finalMessage();
    const requestId = (await stream.withResponse()).response.headers.get('x-request-id') ?? '';
    const { request, attempts } = await traceOf(requestId);
    assert.equal(request.name, 'POST /v1/messages');
    assert.equal(attribute(request, 'autrace.streamed'), true);
    assert.equal(attempts.length, 1);
    const [attempt] = attempts as [OtlpSpan];
    assert.equal(attribute(attempt, 'gen_ai.provider.name'), 'fake');
    assert.equal(attribute(attempt, 'gen_ai.usage.input_tokens'), message.usage.input_tokens);
    assert.equal(attribute(attempt, 'gen_ai.usage.output_tokens'), message.usage.output_tokens);
    assert.equal(attribute(request, 'gen_ai.usage.output_tokens'), message.usage.output_tokens);
  });

  test('a caller’s traceparent is linked, not made the parent; the upstream gets the attempt span’s traceparent', async () => {
    const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    const before = fx.fake.requests.length;
    const response = await fetch(`${fx.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${account.apiKey}`,
        'content-type': 'application/json',
        traceparent: `00-${callerTrace}-${callerSpan}-01`,
      },
      body: JSON.stringify({ model: 'tenant-chat', messages: [{ role: 'user', content: 'trace me' }] }),
    });
    assert.equal(response.status, 200);
    const { request, attempts } = await traceOf(response.headers.get('x-request-id') ?? '');
    assert.notEqual(request.traceId, callerTrace, 'the caller does not choose the trace');
    assert.equal(request.parentSpanId ?? '', '');
    assert.deepEqual(
      (request.links ?? []).map((l) => [l.traceId, l.spanId]),
      [[callerTrace, callerSpan]],
    );
    const [attempt] = attempts as [OtlpSpan];
    const sent = fx.fake.requests.slice(before).find((r) => r.path === '/v1/chat/completions');
    assert.equal(sent?.headers.traceparent, `00-${attempt.traceId}-${attempt.spanId}-01`);

    // A malformed traceparent is ignored: no link, the request still answers.
    const malformed = await fetch(`${fx.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${account.apiKey}`,
        'content-type': 'application/json',
        traceparent: '00-not-a-trace-01',
      },
      body: JSON.stringify({ model: 'tenant-chat', messages: [{ role: 'user', content: 'trace me' }] }),
    });
    assert.equal(malformed.status, 200);
    const unlinked = await traceOf(malformed.headers.get('x-request-id') ?? '');
    assert.deepEqual(unlinked.request.links ?? [], []);
  });

  test('an upstream that refuses connections gives a failed attempt span and a 502 request span', async () => {
    const response = await fetch(`${fx.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${account.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'down-chat', messages: [{ role: 'user', content: 'anyone there?' }] }),
    });
    assert.equal(response.status, 502);
    const { request, attempts } = await traceOf(response.headers.get('x-request-id') ?? '');
    assert.equal(attribute(request, 'http.response.status_code'), 502);
    assert.equal(request.status?.code, STATUS_ERROR);
    assert.equal(attempts.length, 1);
    const [attempt] = attempts as [OtlpSpan];
    assert.equal(attempt.status?.code, STATUS_ERROR);
    assert.equal(attribute(attempt, 'error.type'), 'upstream');
    assert.equal(attribute(attempt, 'server.port'), refusedPort);
  });

  test('no prompt, completion, Autrace key or provider key appears in anything exported', async () => {
    const prompt = 'TRACE-CANARY-PROMPT the patient Jane Roe, jane.roe@example.com';
    const client = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: account.apiKey, maxRetries: 0 });
    const plain = await client.chat.completions.create({
      model: 'tenant-chat',
      messages: [
        { role: 'system', content: 'SYSTEM-CANARY' },
        { role: 'user', content: prompt },
      ],
    });
    const streamed = await client.chat.completions.create({
      model: 'fake-chat',
      stream: true,
      messages: [{ role: 'user', content: prompt }],
    });
    let streamedText = '';
    for await (const chunk of streamed) streamedText += chunk.choices[0]?.delta.content ?? '';
    const completion = plain.choices[0]?.message.content ?? '';
    assert.ok(completion.includes('TRACE-CANARY-PROMPT') && streamedText.includes('TRACE-CANARY-PROMPT'));

    await exportedSpans();
    assert.ok(collector.bodies.length > 0);
    const exported = collector.bodies.map((b) => b.text).join('\n');
    assert.ok(exported.includes('tenant-chat'), 'the export holds the requests’ spans');
    for (const secret of [
      'TRACE-CANARY-PROMPT',
      'jane.roe',
      'Jane Roe',
      'SYSTEM-CANARY',
      'You said',
      account.apiKey,
      PROVIDER_KEY,
      PROVIDER_KEY.slice(-12),
    ])
      assert.ok(!exported.includes(secret), `"${secret}" was exported`);
    assert.ok(collector.bodies.every((b) => b.contentType.startsWith('application/json')));
  });

  test('the OpenTelemetry packages are imported only by the tracer that loads when an endpoint is set', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const importers: string[] = [];
    for (const dir of ['gateway', 'platform', 'api', 'activities']) {
      for (const file of await readdir(path.join(root, dir), { recursive: true })) {
        if (!file.endsWith('.ts')) continue;
        const source = await readFile(path.join(root, dir, file), 'utf8');
        if (/^import (?!type )[^;]*from '@opentelemetry\//m.test(source)) importers.push(`${dir}/${file}`);
      }
    }
    assert.deepEqual(importers, ['gateway/observability/otel-tracing.ts']);
    const loader = await readFile(path.join(root, 'gateway/observability/tracing.ts'), 'utf8');
    assert.match(loader, /await import\('\.\/otel-tracing'\)/);
    assert.doesNotMatch(loader, /^import (?!type )[^;]*otel-tracing/m);
  });
});
