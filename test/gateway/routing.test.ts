import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startGateway, type RunningGateway } from '../../gateway/app';
import { startFakeProvider, type FakeProvider } from '../../gateway/providers/fake';
import { CircuitBreakers } from '../../gateway/routing/circuit-breakers';
import type { GatewayRequestRow, RouteAttemptRecord } from '../../platform/database/tables';
import { startTestApi, type TestAccount, type TestApi } from '../support/api';
import { addPriceVersion } from '../../platform/pricing/prices';
import { createTestConfig } from '../support/config';
import { eventually } from './support/gateway-fixture';
import { listenOnLoopback } from '../support/loopback-server';

interface Target {
  connectionId: string;
  model: string;
  priority?: number;
  weight?: number;
}

/** An upstream that starts an OpenAI stream, sends one chunk, then drops the connection; it counts what it got. */
interface BreakingUpstream {
  url: string;
  received: number;
  close(): Promise<void>;
}

async function startBreakingUpstream(): Promise<BreakingUpstream> {
  const upstream = { url: '', received: 0, close: () => Promise.resolve() };
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      upstream.received += 1;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = {
        id: 'chatcmpl-breaking',
        object: 'chat.completion.chunk',
        created: 0,
        model: 'breaking',
        choices: [{ index: 0, delta: { role: 'assistant', content: 'first words' }, finish_reason: null }],
      };
      res.write(`data: ${JSON.stringify(chunk)}\n\n`);
      setTimeout(() => res.socket?.destroy(), 30);
    });
  });
  const listening = await listenOnLoopback(server);
  upstream.url = listening.url;
  upstream.close = () => listening.close();
  return upstream;
}

/** A port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const chatBody = (model: string, stream = false) =>
  JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'routed hello' }] });

const chatsTo = (upstream: FakeProvider, model: string) =>
  upstream.requests.filter(
    (r) => r.path === '/v1/chat/completions' && (JSON.parse(r.body) as { model: string }).model === model,
  ).length;

describe('routing model aliases', () => {
  let api: TestApi;
  let account: TestAccount;
  let apiKey: string;
  let gateway: RunningGateway;
  /** Opens a target's circuit after two failures and keeps it open for a minute. */
  let strictGateway: RunningGateway;
  /** Waits two seconds before every retry. */
  let patientGateway: RunningGateway;
  const upstreams: FakeProvider[] = [];
  let connectionCount = 0;

  async function startOn(env: Record<string, string>): Promise<RunningGateway> {
    return startGateway({
      config: createTestConfig({ databaseUrl: api.stack.database.url, env: { UPSTREAM_TIMEOUT_MS: '3000', ...env } }),
      db: api.stack.database.appDb,
      port: 0,
      host: '127.0.0.1',
      metricsPort: 0,
      logFlushIntervalMs: 20,
    });
  }

  async function upstream(): Promise<FakeProvider> {
    const started = await startFakeProvider();
    upstreams.push(started);
    return started;
  }

  async function connection(baseUrl: string, kind: 'openai' | 'anthropic' = 'openai'): Promise<string> {
    connectionCount += 1;
    const response = await api.request<{ connection: { id: string } }>('POST', '/v1/provider-connections', {
      token: account.owner.token,
      body: { name: `conn-${connectionCount}`, kind, baseUrl, apiKey: `sk-routing-${connectionCount}` },
    });
    assert.equal(response.status, 201, response.text);
    return response.body.connection.id;
  }

  /** Creates the alias and waits until every gateway has heard of the change. */
  async function alias(name: string, targets: Target[], retries = 2): Promise<void> {
    const response = await api.request('POST', '/v1/model-aliases', {
      token: account.owner.token,
      body: { name, retries, targets },
    });
    assert.equal(response.status, 201, response.text);
    const since = Date.now();
    for (const running of [gateway, strictGateway, patientGateway])
      await eventually(() => Promise.resolve(running.app.keyChanges.knownUpTo > since));
  }

  async function post(running: RunningGateway, body: string, signal?: AbortSignal) {
    const response = await fetch(`${running.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body,
      ...(signal ? { signal } : {}),
    });
    return {
      status: response.status,
      requestId: response.headers.get('x-request-id') ?? '',
      text: await response.text(),
    };
  }

  async function rowOf(requestId: string): Promise<GatewayRequestRow> {
    return eventually(() => api.stack.database.db('gateway_requests').where({ id: requestId }).first());
  }

  const failures = (attempts: RouteAttemptRecord[] | null) => (attempts ?? []).map((a) => a.failure ?? a.status);

  before(async () => {
    api = await startTestApi();
    account = await api.createAccount({ plan: 'enterprise' });
    const key = await api.request<{ apiKey: string }>('POST', '/v1/api-keys', {
      token: account.owner.token,
      body: { name: 'routing' },
    });
    apiKey = key.body.apiKey;
    const fast = { ROUTING_BACKOFF_BASE_MS: '5', ROUTING_BACKOFF_MAX_MS: '20' };
    gateway = await startOn({ ...fast, ROUTING_BREAKER_FAILURES: '50' });
    strictGateway = await startOn({ ...fast, ROUTING_BREAKER_FAILURES: '2', ROUTING_BREAKER_COOLDOWN_MS: '60000' });
    patientGateway = await startOn({ ROUTING_BACKOFF_BASE_MS: '2000', ROUTING_BACKOFF_MAX_MS: '2000' });
  });

  after(async () => {
    await Promise.all([gateway?.close(), strictGateway?.close(), patientGateway?.close()]);
    await Promise.all(upstreams.map((u) => u.close()));
    await api?.close();
  });

  test('a target answering 500 is retried, then skipped, and the next target answers', async () => {
    const [failing, healthy] = [await upstream(), await upstream()];
    await alias('retry-500', [
      { connectionId: await connection(`${failing.url}/v1`), model: 'fake-fail-500' },
      { connectionId: await connection(`${healthy.url}/v1`), model: 'fake-chat', priority: 1 },
    ]);
    const answer = await post(gateway, chatBody('retry-500'));
    assert.equal(answer.status, 200, answer.text);
    assert.match(answer.text, /You said: routed hello/);
    assert.equal(chatsTo(failing, 'fake-fail-500'), 3, 'one call and two retries');
    assert.equal(chatsTo(healthy, 'fake-chat'), 1);
  });

  test('a target refusing connections is retried, then skipped, and the next target answers', async () => {
    const healthy = await upstream();
    await alias('retry-refused', [
      { connectionId: await connection(`http://127.0.0.1:${await closedPort()}/v1`), model: 'gpt-4o' },
      { connectionId: await connection(`${healthy.url}/v1`), model: 'fake-chat', priority: 1 },
    ]);
    const answer = await post(gateway, chatBody('retry-refused', true));
    assert.equal(answer.status, 200, answer.text);
    assert.match(answer.text, /data: \[DONE\]/);
    const row = await rowOf(answer.requestId);
    assert.deepEqual(failures(row.route_attempts), ['connect', 'connect', 'connect', 200]);
    assert.equal(chatsTo(healthy, 'fake-chat'), 1);
  });

  test('each attempt is recorded in the request’s metadata row', async () => {
    const [failing, healthy] = [await upstream(), await upstream()];
    const failingId = await connection(`${failing.url}/v1`);
    const healthyId = await connection(`${healthy.url}/v1`);
    await alias(
      'recorded',
      [
        { connectionId: failingId, model: 'fake-fail-503' },
        { connectionId: healthyId, model: 'fake-chat', priority: 1 },
      ],
      1,
    );
    const answer = await post(gateway, chatBody('recorded'));
    const row = await rowOf(answer.requestId);
    assert.equal(row.route_alias, 'recorded');
    assert.equal(row.model, 'recorded');
    assert.equal(row.attempts, 3);
    assert.equal(row.answered_attempt, 2);
    assert.equal(row.status, 200);
    assert.equal(row.provider, 'account:openai');
    assert.deepEqual(row.route_attempts, [
      { connectionId: failingId, model: 'fake-fail-503', status: 503, failure: 'http' },
      { connectionId: failingId, model: 'fake-fail-503', status: 503, failure: 'http' },
      { connectionId: healthyId, model: 'fake-chat', status: 200, failure: null },
    ]);
  });

  test('the request log’s read route shows the alias, the targets tried and the one that answered', async () => {
    const failing = await upstream();
    const healthy = await upstream();
    const failingId = await connection(`${failing.url}/v1`);
    const healthyId = await connection(`${healthy.url}/v1`);
    await alias(
      'shown',
      [
        { connectionId: failingId, model: 'fake-fail-500' },
        { connectionId: healthyId, model: 'fake-chat', priority: 1 },
      ],
      0,
    );
    const answer = await post(gateway, chatBody('shown'));
    await rowOf(answer.requestId);
    const entry = await api.request<{ route: unknown }>('GET', `/v1/logs/requests/${answer.requestId}`, {
      token: account.owner.token,
    });
    assert.equal(entry.status, 200, entry.text);
    assert.deepEqual(entry.body.route, {
      alias: 'shown',
      attempts: 2,
      tried: [
        { connectionId: failingId, model: 'fake-fail-500', status: 500, failure: 'http' },
        { connectionId: healthyId, model: 'fake-chat', status: 200, failure: null },
      ],
      answered: { connectionId: healthyId, model: 'fake-chat', status: 200, failure: null },
    });
  });

  test('when every target fails, the last upstream’s own error reaches the caller', async () => {
    const failing = await upstream();
    await alias('all-failing', [{ connectionId: await connection(`${failing.url}/v1`), model: 'fake-fail-429' }], 1);
    const answer = await post(gateway, chatBody('all-failing'));
    assert.equal(answer.status, 429);
    assert.match(answer.text, /fake upstream failure 429/);
    const row = await rowOf(answer.requestId);
    assert.equal(row.status, 429);
    assert.equal(row.attempts, 2);
    assert.equal(row.answered_attempt, 1);
  });

  test('a stream that already started and then fails is never retried', async () => {
    const breaking = await startBreakingUpstream();
    const healthy = await upstream();
    try {
      await alias('broken-stream', [
        { connectionId: await connection(`${breaking.url}/v1`), model: 'breaking' },
        { connectionId: await connection(`${healthy.url}/v1`), model: 'fake-chat', priority: 1 },
      ]);
      const answer = await post(gateway, chatBody('broken-stream', true));
      assert.equal(answer.status, 200);
      assert.match(answer.text, /first words/);
      assert.match(answer.text, /"error"/, 'the caller is told the stream failed');
      assert.equal(breaking.received, 1);
      assert.equal(chatsTo(healthy, 'fake-chat'), 0);
      const row = await rowOf(answer.requestId);
      assert.equal(row.attempts, 1);
      assert.equal(row.answered_attempt, 0);
      assert.equal(row.status, 502);
    } finally {
      await breaking.close();
    }
  });

  test('targets of equal priority share traffic by weight', async () => {
    const [heavy, light] = [await upstream(), await upstream()];
    await alias('weighted', [
      { connectionId: await connection(`${heavy.url}/v1`), model: 'fake-chat', weight: 3 },
      { connectionId: await connection(`${light.url}/v1`), model: 'fake-chat', weight: 1 },
    ]);
    const total = 200;
    for (let sent = 0; sent < total; sent += 10)
      await Promise.all(
        Array.from({ length: 10 }, async () => assert.equal((await post(gateway, chatBody('weighted'))).status, 200)),
      );
    const [toHeavy, toLight] = [chatsTo(heavy, 'fake-chat'), chatsTo(light, 'fake-chat')];
    assert.equal(toHeavy + toLight, total);
    // Expected 150 / 50; the bounds are more than five standard deviations (6.1) away.
    assert.ok(toHeavy > 118 && toHeavy < 182, `heavy got ${toHeavy} of ${total}`);
    assert.ok(toLight > 18, `light got ${toLight} of ${total}`);
  });

  test('a target’s circuit opens after consecutive failures and the target is then skipped', async () => {
    const [failing, healthy] = [await upstream(), await upstream()];
    await alias(
      'breaker',
      [
        { connectionId: await connection(`${failing.url}/v1`), model: 'fake-fail-500' },
        { connectionId: await connection(`${healthy.url}/v1`), model: 'fake-chat', priority: 1 },
      ],
      0,
    );
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await post(strictGateway, chatBody('breaker')));
    for (const answer of answers) assert.equal(answer.status, 200, answer.text);
    assert.equal(chatsTo(failing, 'fake-fail-500'), 2, 'two failures opened the circuit');
    assert.equal(chatsTo(healthy, 'fake-chat'), 5);
    const last = await rowOf(answers[4]?.requestId ?? '');
    assert.deepEqual(failures(last.route_attempts), ['circuit_open', 200]);
    assert.equal(last.attempts, 1);
  });

  test('a caller who hangs up stops the attempts', async () => {
    const failing = await upstream();
    await alias('hang-up', [{ connectionId: await connection(`${failing.url}/v1`), model: 'fake-fail-502' }], 5);
    const abort = new AbortController();
    const request = post(patientGateway, chatBody('hang-up'), abort.signal).catch((error: Error) => error);
    await eventually(() => Promise.resolve(chatsTo(failing, 'fake-fail-502') === 1));
    abort.abort();
    assert.ok((await request) instanceof Error);
    const row = await eventually(() =>
      api.stack.database
        .db('gateway_requests')
        .where({ account_id: account.accountId, route_alias: 'hang-up' })
        .first(),
    );
    assert.equal(row.client_disconnected, true);
    assert.equal(row.attempts, 1);
    assert.equal(chatsTo(failing, 'fake-fail-502'), 1, 'no retry after the caller left');
  });

  test('a fallback is charged at the price of the target that answered, not the first one', async () => {
    const healthy = await upstream();
    const loads = gateway.app.spend.prices.loads;
    const operator = { actorType: 'operator' as const, actorId: null };
    // The first target costs a hundred times the second; it refuses connections, so the second answers.
    const price = (model: string, input: number, output: number) =>
      addPriceVersion(
        api.stack.database.db,
        { providerKind: 'openai', model, inputMicroUsdPerMTok: input, outputMicroUsdPerMTok: output },
        operator,
      );
    await price('priced-dear', 500_000_000, 1_000_000_000);
    await price('fake-chat', 5_000_000, 10_000_000);
    await eventually(
      async () =>
        gateway.app.spend.prices.loads > loads &&
        (await gateway.app.spend.prices.price('account:openai', 'priced-dear')) !== null &&
        (await gateway.app.spend.prices.price('account:openai', 'fake-chat')) !== null,
    );
    await alias(
      'priced-fallback',
      [
        { connectionId: await connection(`http://127.0.0.1:${await closedPort()}/v1`), model: 'priced-dear' },
        { connectionId: await connection(`${healthy.url}/v1`), model: 'fake-chat', priority: 1 },
      ],
      0,
    );
    const answer = await post(gateway, chatBody('priced-fallback'));
    assert.equal(answer.status, 200, answer.text);
    const row = await rowOf(answer.requestId);
    assert.deepEqual(failures(row.route_attempts), ['connect', 200]);
    const [promptTokens, completionTokens] = [Number(row.prompt_tokens), Number(row.completion_tokens)];
    assert.ok(promptTokens > 0 && completionTokens > 0);
    // $5 and $10 per million tokens: 5 and 10 micro-dollars a token (the first target's price would be 100× that).
    assert.equal(Number(row.cost_microusd), Math.ceil(promptTokens * 5 + completionTokens * 10));
  });

  test('a model that is no alias is not routed', async () => {
    const answer = await post(gateway, chatBody('no-such-alias'));
    assert.equal(answer.status, 200, 'the account’s oldest connection serving every model answers');
    const row = await rowOf(answer.requestId);
    assert.equal(row.route_alias, null);
    assert.equal(row.attempts, null);
  });

  test('an alias never reaches a target model the policy blocks by name; with only such targets it is blocked', async () => {
    const [denied, allowed] = [await upstream(), await upstream()];
    const policy = await api.request('POST', '/v1/policies', {
      token: account.owner.token,
      body: {
        name: 'no denied models',
        rules: [{ id: 'no-denied', type: 'model', mode: 'deny', models: ['fake-denied*'] }],
      },
    });
    assert.equal(policy.status, 201, policy.text);
    await alias('mixed', [
      { connectionId: await connection(`${denied.url}/v1`), model: 'fake-denied-chat' },
      { connectionId: await connection(`${allowed.url}/v1`), model: 'fake-chat', priority: 1 },
    ]);
    await alias('only-denied', [{ connectionId: await connection(`${denied.url}/v1`), model: 'fake-denied-chat' }]);

    const mixed = await post(gateway, chatBody('mixed'));
    assert.equal(mixed.status, 200, mixed.text);
    assert.equal(chatsTo(allowed, 'fake-chat'), 1);
    const mixedRow = await rowOf(mixed.requestId);
    assert.deepEqual([mixedRow.verdict, mixedRow.matched_rule_ids], ['ALLOW', ['no-denied']]);

    const onlyDenied = await post(gateway, chatBody('only-denied'));
    assert.equal(onlyDenied.status, 403, onlyDenied.text);
    assert.match(onlyDenied.text, /no-denied/);
    const blockedRow = await rowOf(onlyDenied.requestId);
    assert.deepEqual([blockedRow.verdict, blockedRow.matched_rule_ids], ['BLOCK', ['no-denied']]);
    assert.equal(chatsTo(denied, 'fake-denied-chat'), 0, 'the blocked model was never called');
  });

  test('GET /v1/models lists the account’s aliases and own models, not another account’s, nor models its policy blocks', async () => {
    const listed = await upstream();
    const created = await api.request('POST', '/v1/provider-connections', {
      token: account.owner.token,
      body: {
        name: 'listed',
        kind: 'openai',
        baseUrl: `${listed.url}/v1`,
        apiKey: 'sk-listed',
        models: ['listed-exact', 'fake-t*', 'fake-denied-exact'],
      },
    });
    assert.equal(created.status, 201, created.text);
    await alias('listed-alias', [{ connectionId: await connection(`${listed.url}/v1`), model: 'fake-chat' }]);
    // The policy of the test above denies fake-denied*: an alias of that name is not listed either.
    await alias('fake-denied-alias', [{ connectionId: await connection(`${listed.url}/v1`), model: 'fake-chat' }]);

    const client = new OpenAI({ apiKey, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    for (const expected of ['listed-alias', 'retry-500', 'listed-exact', 'fake-tools', 'fake-chat'])
      assert.ok(ids.includes(expected), `${expected} is listed: ${ids.join(', ')}`);
    for (const hidden of ['fake-denied-alias', 'fake-denied-exact'])
      assert.ok(!ids.includes(hidden), `${hidden} is blocked by the policy and not listed`);
    assert.equal(new Set(ids).size, ids.length, 'each model is listed once');
    assert.ok(
      listed.requests.some((r) => r.path === '/v1/models' && r.headers.authorization === 'Bearer sk-listed'),
      'the connection’s upstream was asked with the connection’s own key',
    );
    const asked = listed.requests.filter((r) => r.path === '/v1/models').length;
    for await (const model of client.models.list()) assert.ok(model.id);
    assert.equal(
      listed.requests.filter((r) => r.path === '/v1/models').length,
      asked,
      'a second listing within the minute reuses the upstream’s list',
    );
    // Anthropic's SDK gets the same models in its own list shape, and its errors in its own shape.
    const anthropic = new Anthropic({ apiKey, baseURL: gateway.url, maxRetries: 0 });
    const anthropicIds: string[] = [];
    for await (const model of anthropic.models.list()) {
      assert.equal(model.type, 'model');
      anthropicIds.push(model.id);
    }
    assert.deepEqual(anthropicIds, ids);
    await assert.rejects(
      new Anthropic({ apiKey: 'atr_not_a_key', baseURL: gateway.url, maxRetries: 0 }).models.list(),
      (error: unknown) => error instanceof Anthropic.AuthenticationError,
    );

    const other = await api.createAccount({ plan: 'free' });
    const otherKey = await api.request<{ apiKey: string }>('POST', '/v1/api-keys', {
      token: other.owner.token,
      body: { name: 'other' },
    });
    const otherClient = new OpenAI({ apiKey: otherKey.body.apiKey, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const otherIds: string[] = [];
    for await (const model of otherClient.models.list()) otherIds.push(model.id);
    assert.ok(!otherIds.includes('listed-alias') && !otherIds.includes('listed-exact'), otherIds.join(', '));
  });

  test('an alias falls back across wire formats: each target gets the request in its own format, the caller its own', async () => {
    const [claude, gpt] = [await upstream(), await upstream()];
    const claudeId = await connection(claude.url, 'anthropic');
    const gptId = await connection(`${gpt.url}/v1`);
    const refusedClaude = await connection(`http://127.0.0.1:${await closedPort()}`, 'anthropic');
    await alias('cross-to-claude', [{ connectionId: claudeId, model: 'fake-claude-chat' }]);
    await alias('cross-to-gpt', [{ connectionId: gptId, model: 'fake-gpt-chat' }]);
    await alias(
      'cross-fallback',
      [
        { connectionId: refusedClaude, model: 'fake-claude-chat' },
        { connectionId: gptId, model: 'fake-gpt-chat', priority: 1 },
      ],
      0,
    );
    const openai = new OpenAI({ apiKey, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const anthropic = new Anthropic({ apiKey, baseURL: gateway.url, maxRetries: 0 });
    const messages = [{ role: 'user' as const, content: 'routed hello' }];

    // An OpenAI client, an alias whose target is an Anthropic model: plain and streamed.
    const completion = await openai.chat.completions.create({ model: 'cross-to-claude', messages });
    assert.equal(completion.object, 'chat.completion');
    assert.ok(completion.choices[0]?.message.content);
    let streamed = '';
    for await (const chunk of await openai.chat.completions.create({
      model: 'cross-to-claude',
      messages,
      stream: true,
    }))
      streamed += chunk.choices[0]?.delta.content ?? '';
    assert.ok(streamed.length > 0);
    assert.deepEqual(
      claude.requests.map((r) => [r.path, (JSON.parse(r.body) as { model: string }).model]),
      [
        ['/v1/messages', 'fake-claude-chat'],
        ['/v1/messages', 'fake-claude-chat'],
      ],
    );

    // A Responses client on the same alias: the Anthropic target gets Messages requests, the caller Responses.
    const response = await openai.responses.create({ model: 'cross-to-claude', input: 'routed hello' });
    assert.equal(response.object, 'response');
    assert.equal(response.output_text, 'You said: routed hello');
    const streamedResponse = await openai.responses
      .stream({ model: 'cross-to-claude', input: 'routed hello' })
      .finalResponse();
    assert.equal(streamedResponse.output_text, 'You said: routed hello');
    assert.ok(streamedResponse.usage && streamedResponse.usage.output_tokens > 0);
    assert.deepEqual(
      claude.requests.slice(2).map((r) => [r.path, (JSON.parse(r.body) as { stream?: boolean }).stream ?? false]),
      [
        ['/v1/messages', false],
        ['/v1/messages', true],
      ],
    );

    // An Anthropic client, an alias whose target is an OpenAI model: plain and streamed.
    const message = await anthropic.messages.create({ model: 'cross-to-gpt', max_tokens: 50, messages });
    assert.equal(message.type, 'message');
    assert.equal(message.content[0]?.type, 'text');
    const final = await anthropic.messages.stream({ model: 'cross-to-gpt', max_tokens: 50, messages }).finalMessage();
    assert.equal(final.content[0]?.type, 'text');
    assert.ok(final.usage.output_tokens > 0);
    assert.equal(chatsTo(gpt, 'fake-gpt-chat'), 2);

    // The first target (Anthropic) refuses connections; the OpenAI target answers the OpenAI client untranslated.
    const fallback = await post(gateway, chatBody('cross-fallback'));
    assert.equal(fallback.status, 200, fallback.text);
    assert.equal((JSON.parse(fallback.text) as { object: string }).object, 'chat.completion');
    const row = await rowOf(fallback.requestId);
    assert.deepEqual(failures(row.route_attempts), ['connect', 200]);
    assert.equal(chatsTo(gpt, 'fake-gpt-chat'), 3);
  });
});

describe('circuit breakers', () => {
  test('an open circuit lets one probe through after the cool-down, and a failed probe opens it again', () => {
    let now = 1_000;
    const breakers = new CircuitBreakers(2, 500, () => now);
    breakers.failure('t');
    assert.equal(breakers.admit('t'), 'closed');
    breakers.failure('t');
    assert.equal(breakers.admit('t'), 'open');
    now += 500;
    assert.equal(breakers.admit('t'), 'probe');
    assert.equal(breakers.admit('t'), 'open', 'one probe at a time');
    breakers.failure('t');
    assert.equal(breakers.admit('t'), 'open');
    now += 500;
    assert.equal(breakers.admit('t'), 'probe');
    breakers.success('t');
    assert.equal(breakers.admit('t'), 'closed');
  });
});
