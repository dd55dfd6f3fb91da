import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createLogWriter, type LogWriter } from '../../../gateway/logging/batch-writer';
import type { RequestLogRow } from '../../../gateway/logging/log-rows';
import { openSpool } from '../../../gateway/logging/spool';
import type { Database } from '../../../platform/database/database';
import { sealFullLog } from '../../../platform/full-logs/full-log-envelope';
import { createLogger } from '../../../platform/observability/logger';
import {
  copyMoveBatch,
  foldUsage,
  freezeAccountForMove,
  mismatchedTables,
  MOVE_TABLES,
  purgeMovedAccount,
  switchAccountHome,
  tallyAccountRows,
} from '../../../platform/regions/account-move';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { seedAccount, type SeededAccount } from '../../support/seed-accounts';

/**
 * A request in flight when an operator's move freezes its account finishes and is logged afterwards: after the
 * copy, and even after the verify and the switch. The purge deletes the account's rows in the source, so such a
 * row must reach the target first, once, and be counted in the target's usage.
 */
describe('request rows logged in the source after a move copied the account', () => {
  let eu: TestDatabase;
  let us: TestDatabase;
  let spoolDir: string;
  let writer: LogWriter;
  const masterKey = randomBytes(32);
  const actor = { actorType: 'operator' as const, actorId: null };

  before(async () => {
    [eu, us] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    spoolDir = await mkdtemp(path.join(os.tmpdir(), 'autrace-late-rows-'));
    // The gateway's own writer, on the source region's database, as the application role writes.
    writer = createLogWriter({
      db: eu.appDb,
      spool: await openSpool(spoolDir, 1024 * 1024),
      logger: createLogger({ logLevel: 'silent' }, 'test'),
      flushIntervalMs: 60_000,
    });
  });

  after(async () => {
    await writer?.close();
    await Promise.all([eu?.drop(), us?.drop()]);
    await rm(spoolDir, { recursive: true, force: true });
  });

  function requestRow(accountId: string, overrides: Partial<RequestLogRow> = {}): RequestLogRow {
    return {
      id: randomUUID(),
      created_at: new Date(Date.now() - 90_000).toISOString(),
      account_id: accountId,
      api_key_id: null,
      endpoint: '/v1/chat/completions',
      provider: 'fake',
      model: 'late-model',
      verdict: 'ALLOW',
      matched_rule_ids: ['pii-redact'],
      prompt_tokens: 700,
      completion_tokens: 300,
      tokens_estimated: false,
      latency_ms: 90_000,
      status: 200,
      streamed: true,
      client_disconnected: false,
      route_alias: 'chat',
      route_attempts: JSON.stringify([{ connectionId: randomUUID(), model: 'late-model', status: 200, failure: null }]),
      attempts: 1,
      answered_attempt: 1,
      cost_microusd: 4_321,
      ...overrides,
    };
  }

  /** Logs one finished request (and its full log) through the gateway's writer. */
  async function logRequest(account: SeededAccount): Promise<RequestLogRow> {
    const row = requestRow(account.accountId);
    writer.write({ kind: 'request', row });
    writer.write({
      kind: 'full',
      row: sealFullLog({
        requestId: row.id,
        accountId: account.accountId,
        createdAt: row.created_at,
        dataKey: account.dataKey,
        prompt: ['a long streamed answer'],
        completion: 'finished after the freeze',
      }),
    });
    await writer.flush();
    return row;
  }

  async function copyAndSwitch(accountId: string, moveId: string): Promise<void> {
    for (const { table } of MOVE_TABLES) {
      if (table === 'gateway_requests') await foldUsage(eu.db);
      let cursor: Record<string, unknown> | null = null;
      do cursor = (await copyMoveBatch(eu.db, us.db, { accountId, table, cursor, batchRows: 50 })).cursor;
      while (cursor);
    }
    const [source, target] = await Promise.all([
      tallyAccountRows(eu.db, accountId),
      tallyAccountRows(us.db, accountId),
    ]);
    assert.deepEqual(mismatchedTables(source, target), [], 'the copy is verified before the late row lands');
    await eu.db('directory_accounts').insert({ account_id: accountId, region: 'eu' });
    await switchAccountHome(us.db, eu.db, { accountId, from: 'eu', to: 'us', moveId, rows: 0, actor });
  }

  /** A request row as the database holds it, but for the ID of the transaction that inserted it. */
  const rowOf = async (db: Database, id: string) =>
    (
      await db.raw<{ rows: Array<{ row: Record<string, unknown> }> }>(
        `select to_jsonb(t) - 'inserted_xid' as row from gateway_requests t where id = ?`,
        [id],
      )
    ).rows[0]?.row;
  const requestsIn = async (db: Database, accountId: string) =>
    Number(
      (await db('gateway_requests').where({ account_id: accountId }).count<Array<{ n: string }>>({ n: '*' }))[0]?.n,
    );
  /** Requests the account's usage rollup counts, after folding what is unfolded. */
  const usageIn = async (db: Database, accountId: string) => {
    await foldUsage(db);
    const row = await db('gateway_usage_hourly')
      .where({ account_id: accountId })
      .sum<Array<{ requests: string | null; tokens: string | null }>>({
        requests: 'requests',
        tokens: 'completion_tokens',
      });
    return { requests: Number(row[0]?.requests ?? 0), completionTokens: Number(row[0]?.tokens ?? 0) };
  };

  test('a row logged after the verified copy and the switch is carried to the target by the purge, full log included', async () => {
    const account = await seedAccount(eu.db, masterKey, { requests: 40, fullLogs: 5 });
    const { accountId } = account;
    const moveId = randomUUID();
    await freezeAccountForMove(eu.appDb, { accountId, from: 'eu', to: 'us', moveId, actor });
    await copyAndSwitch(accountId, moveId);
    const before = await usageIn(us.db, accountId);

    const late = await logRequest(account);
    const logged = await rowOf(eu.db, late.id);
    assert.equal(logged?.completion_tokens, 300);
    const sealed = await eu
      .db('gateway_full_logs')
      .where({ request_id: late.id })
      .first('nonce', 'auth_tag', 'ciphertext');
    const purged = await purgeMovedAccount(eu.appDb, us.appDb, { accountId, to: 'us', moveId, actor });

    assert.equal(purged.late_rows_carried, 1);
    assert.equal(await requestsIn(eu.db, accountId), 0, 'nothing of the account left in the source');
    assert.equal(await requestsIn(us.db, accountId), 41);
    const carried = await rowOf(us.db, late.id);
    assert.deepEqual(carried, logged, 'every column as the source held it');
    assert.equal(carried?.model, 'late-model');
    assert.equal(carried?.cost_microusd, 4_321);
    assert.ok(sealed, 'the writer logged the full log in the source');
    assert.deepEqual(
      await us.db('gateway_full_logs').where({ request_id: late.id }).first('nonce', 'auth_tag', 'ciphertext'),
      sealed,
      'the full log reaches the target as sealed',
    );
    assert.equal(
      await eu
        .db('gateway_full_logs')
        .where({ account_id: accountId })
        .count<Array<{ n: string }>>({ n: '*' })
        .then((r) => Number(r[0]?.n)),
      0,
    );

    const afterPurge = await usageIn(us.db, accountId);
    assert.equal(afterPurge.requests, before.requests + 1, 'the target counts the late request once');
    assert.equal(afterPurge.completionTokens, before.completionTokens + 300);
  });

  test('a row logged after the freeze but before the copy is copied once and counted once', async () => {
    const account = await seedAccount(eu.db, masterKey, { requests: 10, fullLogs: 0 });
    const { accountId } = account;
    const moveId = randomUUID();
    await freezeAccountForMove(eu.appDb, { accountId, from: 'eu', to: 'us', moveId, actor });
    const early = await logRequest(account);
    await copyAndSwitch(accountId, moveId);
    const copied = await us.db.raw<{ rows: Array<{ xid: string }> }>(
      `select inserted_xid::text as xid from gateway_requests where id = ?`,
      [early.id],
    );
    assert.equal(copied.rows[0]?.xid, '0', 'copied as counted: the copied rollup holds it');
    const before = await usageIn(us.db, accountId);

    const purged = await purgeMovedAccount(eu.appDb, us.appDb, { accountId, to: 'us', moveId, actor });

    assert.equal(purged.late_rows_carried, undefined, 'nothing new for the target');
    assert.equal(await requestsIn(us.db, accountId), 11);
    assert.deepEqual(await usageIn(us.db, accountId), before);
    assert.equal(before.requests, 11);
  });

  test('the freeze marks the account; the switch and a repeated purge leave nothing behind', async () => {
    const account = await seedAccount(eu.db, masterKey, { requests: 3, fullLogs: 0 });
    const { accountId } = account;
    const moveId = randomUUID();
    await freezeAccountForMove(eu.appDb, { accountId, from: 'eu', to: 'us', moveId, actor });
    const frozen = await eu.db('accounts').where({ id: accountId }).first('move_xmin');
    assert.match(String(frozen?.move_xmin), /^\d+$/);
    await copyAndSwitch(accountId, moveId);
    assert.equal((await us.db('accounts').where({ id: accountId }).first('move_xmin'))?.move_xmin, null);
    await logRequest(account);
    await purgeMovedAccount(eu.appDb, us.appDb, { accountId, to: 'us', moveId, actor });
    assert.deepEqual(await purgeMovedAccount(eu.appDb, us.appDb, { accountId, to: 'us', moveId, actor }), {});
    assert.equal(await requestsIn(us.db, accountId), 4);
  });
});
