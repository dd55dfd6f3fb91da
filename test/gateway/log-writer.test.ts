import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createLogWriter } from '../../gateway/logging/batch-writer';
import type { RequestLogRow } from '../../gateway/logging/log-rows';
import { openSpool } from '../../gateway/logging/spool';
import { createLogger } from '../../platform/observability/logger';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** Values that mean something to COPY's text format, to array literals or to SQL. */
const AWKWARD = [
  'back\\slash',
  'tab\there',
  'new\nline',
  'carriage\rreturn',
  'quote"s',
  "apostrophe's",
  '{braces}',
  'com,ma',
  '\\N',
  'naïve ✓',
  '',
];

function row(accountId: string, model: string, overrides: Partial<RequestLogRow> = {}): RequestLogRow {
  return {
    id: randomUUID(),
    created_at: new Date().toISOString(),
    account_id: accountId,
    api_key_id: null,
    endpoint: '/v1/chat/completions',
    provider: 'fake',
    model,
    verdict: 'ALLOW',
    matched_rule_ids: [],
    prompt_tokens: 12,
    completion_tokens: 34,
    tokens_estimated: false,
    latency_ms: 5,
    status: 200,
    streamed: false,
    client_disconnected: false,
    route_alias: null,
    route_attempts: null,
    attempts: null,
    answered_attempt: null,
    ...overrides,
  };
}

/** Routing columns holding the awkward string, in the alias and inside the attempts' JSON. */
function routed(model: string): Partial<RequestLogRow> {
  const attempt = (status: number, failure: string | null) => ({ connectionId: randomUUID(), model, status, failure });
  return {
    route_alias: model,
    route_attempts: JSON.stringify([attempt(0, 'connect'), attempt(200, null)]),
    attempts: 2,
    answered_attempt: 1,
  };
}

describe('the log writer', () => {
  let database: TestDatabase;
  let accountId: string;
  let spoolDir: string;

  before(async () => {
    database = await createTestDatabase();
    accountId = randomUUID();
    await database.db('accounts').insert({ id: accountId, name: 'writer test', plan: 'growth' });
    spoolDir = await mkdtemp(path.join(os.tmpdir(), 'autrace-writer-'));
  });

  after(async () => {
    await database.drop();
    await rm(spoolDir, { recursive: true, force: true });
  });

  test('stores every field exactly, whatever characters the strings hold, on first attempts and on replays', async () => {
    const spool = await openSpool(spoolDir, 1024 * 1024);
    const writer = createLogWriter({
      db: database.db,
      spool,
      logger: createLogger({ logLevel: 'silent' }, 'test'),
      flushIntervalMs: 60_000,
    });
    const keyId = randomUUID();
    await database
      .db('api_keys')
      .insert({ id: keyId, account_id: accountId, name: 'k', prefix: 'writertest01', secret_hash: '0'.repeat(64) });
    const fresh = AWKWARD.map((model, i) =>
      row(accountId, model, {
        api_key_id: i % 2 ? keyId : null,
        verdict: i % 3 ? 'ALLOW' : 'BLOCK',
        matched_rule_ids: i % 2 ? ['rule-a', 'rule.b_2'] : [],
        tokens_estimated: i % 2 === 0,
        streamed: i % 3 === 0,
        client_disconnected: i % 5 === 0,
        status: 200 + i,
        ...(i % 2 ? routed(model) : {}),
        cost_microusd: i % 4 === 0 ? null : 1_000_000_000 + i,
      }),
    );
    for (const r of fresh) writer.write({ kind: 'request', row: r });
    await writer.flush();
    // Written by the first attempt itself, not rescued by the spool.
    assert.equal(spool.depth, 0);
    assert.equal(
      Number(
        (await database.db('gateway_requests').where({ account_id: accountId }).count<Array<{ count: string }>>('*'))[0]
          ?.count,
      ),
      fresh.length,
    );
    // A replayed batch meets one row already stored (as after an insert that committed while timing out).
    const replayed = [
      fresh[0] as RequestLogRow,
      row(accountId, 'replayed\\one', { matched_rule_ids: ['x'], ...routed('replayed\\"one"'), cost_microusd: 42 }),
    ];
    await spool.append(replayed.map((r) => ({ kind: 'request' as const, row: r })));
    await writer.flush();
    await writer.close();

    const stored = await database
      .db('gateway_requests')
      .where({ account_id: accountId })
      .select<Array<Record<string, unknown>>>('*');
    const byId = new Map(stored.map((r) => [r.id, r]));
    const expected = [...fresh, replayed[1] as RequestLogRow];
    assert.equal(stored.length, expected.length);
    for (const r of expected) {
      const got = byId.get(r.id);
      assert.ok(got, `row ${r.model} stored`);
      // inserted_xid is Postgres's to set (the usage fold's bookkeeping), not the writer's.
      const { inserted_xid: _set, ...fields } = got;
      assert.deepEqual(
        { ...fields, created_at: (got.created_at as Date).toISOString() },
        { ...r, route_attempts: r.route_attempts ? (JSON.parse(r.route_attempts) as unknown) : null },
      );
    }
    assert.equal(spool.depth, 0);
  });

  test('a row Postgres refuses is dropped and counted; the rest of its batch is stored and the spool does not stall', async () => {
    const spool = await openSpool(spoolDir, 1024 * 1024);
    let dropped = 0;
    const writer = createLogWriter({
      db: database.db,
      spool,
      logger: createLogger({ logLevel: 'silent' }, 'test'),
      flushIntervalMs: 60_000,
      onDropped: (rows) => (dropped += rows),
    });
    // Postgres cannot store NUL in text; nothing else about these rows is wrong.
    const poison = () => row(accountId, 'poison\u0000model');
    const fresh = [row(accountId, 'good-1'), poison(), row(accountId, 'good-2')];
    for (const r of fresh) writer.write({ kind: 'request', row: r });
    await writer.flush();
    const spooled = [row(accountId, 'good-3'), poison()];
    await spool.append(spooled.map((r) => ({ kind: 'request' as const, row: r })));
    writer.write({ kind: 'request', row: row(accountId, 'good-4') });
    await writer.flush();
    await writer.close();

    const models = await database
      .db('gateway_requests')
      .where({ account_id: accountId })
      .whereLike('model', 'good-%')
      .pluck('model');
    assert.deepEqual(models.sort(), ['good-1', 'good-2', 'good-3', 'good-4']);
    assert.equal(dropped, 2);
    assert.equal(spool.depth, 0);
  });
});
