import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createLogWriter } from '../../gateway/logging/batch-writer';
import type { LogRecord, RequestLogRow } from '../../gateway/logging/log-rows';
import { copyRequestRows } from '../../gateway/logging/request-rows-insert';
import { openSpool } from '../../gateway/logging/spool';
import { withConnection } from '../../platform/database/database';
import { createLogger } from '../../platform/observability/logger';
import { foldUsageDeltas } from '../../platform/usage/usage-deltas';
import { createTestDatabase, type TestDatabase } from '../support/database';

function row(accountId: string, overrides: Partial<RequestLogRow> = {}): RequestLogRow {
  return {
    id: randomUUID(),
    created_at: new Date().toISOString(),
    account_id: accountId,
    api_key_id: null,
    endpoint: '/v1/chat/completions',
    provider: 'fake',
    model: 'fake-model',
    verdict: 'ALLOW',
    matched_rule_ids: [],
    prompt_tokens: 10,
    completion_tokens: 20,
    tokens_estimated: false,
    latency_ms: 30,
    status: 200,
    streamed: false,
    client_disconnected: false,
    ...overrides,
  };
}

const records = (rows: RequestLogRow[]): LogRecord[] => rows.map((r) => ({ kind: 'request', row: r }));

describe('the usage rollup under the log writer', () => {
  let database: TestDatabase;
  let spoolDir: string;

  before(async () => {
    database = await createTestDatabase();
    spoolDir = await mkdtemp(path.join(os.tmpdir(), 'autrace-rollup-'));
  });

  after(async () => {
    await database.drop();
    await rm(spoolDir, { recursive: true, force: true });
  });

  /** The hourly rollup after folding the account's pending deltas, as a usage read does. */
  async function rolledUp(accountId: string) {
    await foldUsageDeltas(database.db, accountId);
    const rows = await database.db('gateway_usage_hourly').where({ account_id: accountId });
    return {
      requests: rows.reduce((n, r) => n + r.requests, 0),
      blocked: rows.reduce((n, r) => n + r.blocked, 0),
      promptTokens: rows.reduce((n, r) => n + r.prompt_tokens, 0),
    };
  }

  async function pendingDeltas(accountId: string): Promise<number> {
    const rows = await database.db('gateway_usage_deltas').where({ account_id: accountId });
    return rows.reduce((n, r) => n + r.requests, 0);
  }

  function writer(dir: string, foldIntervalMs = 60_000) {
    return openSpool(dir, 1024 * 1024).then((spool) => ({
      spool,
      writer: createLogWriter({
        db: database.db,
        spool,
        logger: createLogger({ logLevel: 'silent' }, 'test'),
        flushIntervalMs: 60_000,
        foldIntervalMs,
      }),
    }));
  }

  test('rows the writer copies in are rolled up as they commit', async () => {
    const accountId = randomUUID();
    const { writer: w } = await writer(path.join(spoolDir, 'copy'));
    for (const r of [row(accountId), row(accountId, { verdict: 'BLOCK', status: 403 }), row(accountId)])
      w.write({ kind: 'request', row: r });
    await w.close();
    assert.deepEqual(await rolledUp(accountId), { requests: 3, blocked: 1, promptTokens: 30 });
  });

  test('a replayed batch whose rows were already stored is counted once; its new rows are counted', async () => {
    const accountId = randomUUID();
    const stored = [row(accountId), row(accountId)];
    // The first attempt committed just as it timed out: its rows are in the database and in the spool.
    await withConnection(database.db, (connection) => copyRequestRows(connection, stored));
    const { spool, writer: w } = await writer(path.join(spoolDir, 'replay'));
    assert.ok(await spool.append(records([...stored, row(accountId, { prompt_tokens: 5 })])));
    await w.flush();
    assert.equal(spool.depth, 0);
    assert.deepEqual(await rolledUp(accountId), { requests: 3, blocked: 0, promptTokens: 25 });
    await w.close();
  });

  test('a batch that rolls back leaves no trace in the rollup', async () => {
    const accountId = randomUUID();
    await withConnection(database.db, async (connection) => {
      await connection.query('begin');
      await copyRequestRows(connection, [row(accountId), row(accountId)]);
      await connection.query('rollback');
    });
    assert.deepEqual(await rolledUp(accountId), { requests: 0, blocked: 0, promptTokens: 0 });
  });

  test('an insert appends its aggregates as deltas, and a fold moves them into the hourly and daily rollup', async () => {
    const accountId = randomUUID();
    await withConnection(database.db, (connection) =>
      copyRequestRows(connection, [row(accountId), row(accountId), row(accountId, { model: 'other-model' })]),
    );
    assert.equal(await pendingDeltas(accountId), 3);
    assert.equal(await database.db('gateway_usage_hourly').where({ account_id: accountId }).first(), undefined);
    assert.equal(await foldUsageDeltas(database.db, accountId), 2);
    assert.equal(await pendingDeltas(accountId), 0);
    const daily = await database.db('gateway_usage_daily').where({ account_id: accountId }).orderBy('model');
    assert.deepEqual(
      daily.map((r) => [r.model, r.requests, r.prompt_tokens]),
      [
        ['fake-model', 2, 20],
        ['other-model', 1, 10],
      ],
    );
  });

  test('folds running at once count every delta exactly once', async () => {
    const accountId = randomUUID();
    for (let i = 0; i < 20; i++)
      await withConnection(database.db, (connection) => copyRequestRows(connection, [row(accountId), row(accountId)]));
    await Promise.all([
      foldUsageDeltas(database.db, accountId),
      foldUsageDeltas(database.db, null),
      foldUsageDeltas(database.db, accountId),
    ]);
    assert.equal(await pendingDeltas(accountId), 0);
    assert.deepEqual(await rolledUp(accountId), { requests: 40, blocked: 0, promptTokens: 400 });
  });

  test('the log writer folds the deltas of what it wrote on its own', async () => {
    const accountId = randomUUID();
    const { writer: w } = await writer(path.join(spoolDir, 'fold'), 0);
    w.write({ kind: 'request', row: row(accountId) });
    await w.flush();
    assert.equal(await pendingDeltas(accountId), 0);
    const hourly = await database.db('gateway_usage_hourly').where({ account_id: accountId });
    assert.equal(
      hourly.reduce((n, r) => n + r.requests, 0),
      1,
    );
    await w.close();
  });
});
