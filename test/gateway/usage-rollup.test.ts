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
import { foldUsage } from '../../platform/usage/usage-fold';
import { usageSeries } from '../../platform/usage/usage-series';
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

  /** The account's usage of the last 24 hours as the dashboard reads it: rollup plus rows not folded yet. */
  async function rolledUp(accountId: string) {
    const { series } = await usageSeries(database.db, accountId, { range: '24h', groupBy: 'none' });
    const points = series.flatMap((s) => s.points);
    return {
      requests: points.reduce((n, p) => n + p.requests, 0),
      blocked: points.reduce((n, p) => n + p.blocked, 0),
      promptTokens: points.reduce((n, p) => n + p.promptTokens, 0),
    };
  }

  /** The account's committed request rows that no fold has moved into the rollup yet. */
  async function unfolded(accountId: string): Promise<number> {
    const { rows } = await database.db.raw<{ rows: Array<{ n: number }> }>(
      `select count(*)::int as n from gateway_requests
        where account_id = ? and inserted_xid >= (select folded_before from gateway_usage_fold_mark)`,
      [accountId],
    );
    return rows[0]?.n ?? -1;
  }

  /**
   * Folds until the account's rows are folded. Test files share one Postgres server, and a transaction
   * still running in another test's database holds the fold's bound back until it ends.
   */
  async function foldAll(accountId: string): Promise<void> {
    for (let attempt = 0; attempt < 100 && (await unfolded(accountId)) > 0; attempt++) {
      await foldUsage(database.db);
      if ((await unfolded(accountId)) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(await unfolded(accountId), 0, 'the rows were never folded');
  }

  async function hourlyRequests(accountId: string): Promise<number> {
    const rows = await database.db('gateway_usage_hourly').where({ account_id: accountId });
    return rows.reduce((n, r) => n + Number(r.requests), 0);
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

  test('a fold moves committed rows into the hourly and daily rollup', async () => {
    const accountId = randomUUID();
    await withConnection(database.db, (connection) =>
      copyRequestRows(connection, [row(accountId), row(accountId), row(accountId, { model: 'other-model' })]),
    );
    assert.equal(await unfolded(accountId), 3);
    assert.equal(await database.db('gateway_usage_hourly').where({ account_id: accountId }).first(), undefined);
    await foldAll(accountId);
    const daily = await database.db('gateway_usage_daily').where({ account_id: accountId }).orderBy('model');
    assert.deepEqual(
      daily.map((r) => [r.model, Number(r.requests), Number(r.prompt_tokens)]),
      [
        ['fake-model', 2, 20],
        ['other-model', 1, 10],
      ],
    );
    assert.equal(await hourlyRequests(accountId), 3);
  });

  test('a usage read counts rows not folded yet once, and the same after the fold', async () => {
    const accountId = randomUUID();
    await withConnection(database.db, (connection) =>
      copyRequestRows(connection, [row(accountId), row(accountId, { verdict: 'BLOCK', status: 403 })]),
    );
    const before = await rolledUp(accountId);
    assert.deepEqual(before, { requests: 2, blocked: 1, promptTokens: 20 });
    await foldAll(accountId);
    assert.deepEqual(await rolledUp(accountId), before);
  });

  test('folds running at once count every row exactly once', async () => {
    const accountId = randomUUID();
    for (let i = 0; i < 20; i++)
      await withConnection(database.db, (connection) => copyRequestRows(connection, [row(accountId), row(accountId)]));
    const folds = await Promise.all([foldUsage(database.db), foldUsage(database.db), foldUsage(database.db)]);
    assert.ok(folds.reduce((n, f) => n + f.folded, 0) <= 40);
    await foldAll(accountId);
    assert.equal(await hourlyRequests(accountId), 40);
    assert.deepEqual(await rolledUp(accountId), { requests: 40, blocked: 0, promptTokens: 400 });
  });

  test('a row inserted by a transaction that began before the fold and commits after it is folded later', async () => {
    const accountId = randomUUID();
    await withConnection(database.db, async (slow) => {
      await slow.query('begin');
      await copyRequestRows(slow, [row(accountId)]);
      // The fold cannot move past the running transaction; it reports the work as not complete.
      await foldUsage(database.db);
      assert.equal(await hourlyRequests(accountId), 0);
      await slow.query('commit');
    });
    assert.deepEqual(await rolledUp(accountId), { requests: 1, blocked: 0, promptTokens: 10 });
    await foldAll(accountId);
    assert.equal(await hourlyRequests(accountId), 1);
  });

  test('the log writer folds what it wrote on its own', async () => {
    const accountId = randomUUID();
    const { writer: w } = await writer(path.join(spoolDir, 'fold'), 0);
    w.write({ kind: 'request', row: row(accountId) });
    await w.flush();
    // Each drain folds (interval 0) until a fold reports every committed row folded.
    for (let attempt = 0; attempt < 100 && (await unfolded(accountId)) > 0; attempt++) {
      await w.flush();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(await unfolded(accountId), 0);
    assert.equal(await hourlyRequests(accountId), 1);
    await w.close();
  });
});
