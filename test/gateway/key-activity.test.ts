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

const T0 = Date.parse('2026-12-01T10:00:00.000Z');
const SECOND = 1_000;

function row(accountId: string, keyId: string | null, at: number): RequestLogRow {
  return {
    id: randomUUID(),
    created_at: new Date(at).toISOString(),
    account_id: accountId,
    api_key_id: keyId,
    endpoint: '/v1/chat/completions',
    provider: 'fake',
    model: 'fake-model',
    verdict: 'ALLOW',
    matched_rule_ids: [],
    prompt_tokens: 1,
    completion_tokens: 1,
    tokens_estimated: false,
    latency_ms: 5,
    status: 200,
    streamed: false,
    client_disconnected: false,
  };
}

describe('API key activity written by the log writer', () => {
  let database: TestDatabase;
  let accountId: string;
  let spoolDir: string;

  before(async () => {
    database = await createTestDatabase();
    accountId = randomUUID();
    await database.db('accounts').insert({ id: accountId, name: 'key activity', plan: 'growth' });
    spoolDir = await mkdtemp(path.join(os.tmpdir(), 'autrace-key-activity-'));
  });

  after(async () => {
    await database.drop();
    await rm(spoolDir, { recursive: true, force: true });
  });

  async function newKey(): Promise<string> {
    const id = randomUUID();
    await database.db('api_keys').insert({
      id,
      account_id: accountId,
      name: 'k',
      prefix: `ka${id.slice(0, 10)}`,
      secret_hash: '0'.repeat(64),
    });
    return id;
  }

  const lastUsed = async (keyId: string) =>
    (await database.db('api_keys').where({ id: keyId }).first('last_used_at'))?.last_used_at ?? null;

  async function writerAt(clock: { now: number }) {
    return createLogWriter({
      db: database.db,
      spool: await openSpool(await mkdtemp(path.join(spoolDir, 'w-')), 1024 * 1024),
      logger: createLogger({ logLevel: 'silent' }, 'test'),
      flushIntervalMs: 60_000,
      now: () => clock.now,
    });
  }

  test("a key's last use is written after its requests are logged, as the latest request's time", async () => {
    const keyId = await newKey();
    const clock = { now: T0 };
    const writer = await writerAt(clock);
    for (const at of [T0 - 3 * SECOND, T0 - SECOND, T0 - 2 * SECOND])
      writer.write({ kind: 'request', row: row(accountId, keyId, at) });
    assert.equal(await lastUsed(keyId), null);
    await writer.flush();
    await writer.close();
    assert.equal((await lastUsed(keyId))?.toISOString(), new Date(T0 - SECOND).toISOString());
    assert.equal(writer.keyActivityWrites, 1);
  });

  test('a busy key is written at most once a minute: later requests within the minute wait for it', async () => {
    const keyId = await newKey();
    const clock = { now: T0 };
    const writer = await writerAt(clock);
    writer.write({ kind: 'request', row: row(accountId, keyId, T0) });
    await writer.flush();
    // A request a second for the rest of the minute, each flushed on its own.
    for (let i = 1; i < 60; i++) {
      clock.now = T0 + i * SECOND;
      writer.write({ kind: 'request', row: row(accountId, keyId, clock.now) });
      await writer.flush();
    }
    assert.equal(writer.keyActivityWrites, 1);
    assert.equal((await lastUsed(keyId))?.toISOString(), new Date(T0).toISOString());
    // A minute after the first write, the latest use goes in, once.
    clock.now = T0 + 60 * SECOND;
    writer.write({ kind: 'request', row: row(accountId, keyId, clock.now) });
    await writer.flush();
    await writer.close();
    assert.equal(writer.keyActivityWrites, 2);
    assert.equal((await lastUsed(keyId))?.toISOString(), new Date(T0 + 60 * SECOND).toISOString());
  });

  test('two gateways reporting the same key within a minute do not both move its time', async () => {
    const keyId = await newKey();
    const clock = { now: T0 };
    const first = await writerAt(clock);
    const second = await writerAt(clock);
    first.write({ kind: 'request', row: row(accountId, keyId, T0) });
    await first.flush();
    second.write({ kind: 'request', row: row(accountId, keyId, T0 + 20 * SECOND) });
    await second.flush();
    await first.close();
    await second.close();
    assert.equal((await lastUsed(keyId))?.toISOString(), new Date(T0).toISOString());
  });

  test('rows without a key and keys of other accounts are left alone', async () => {
    const used = await newKey();
    const unused = await newKey();
    const clock = { now: T0 };
    const writer = await writerAt(clock);
    writer.write({ kind: 'request', row: row(accountId, null, T0) });
    writer.write({ kind: 'request', row: row(accountId, used, T0) });
    await writer.flush();
    await writer.close();
    assert.ok(await lastUsed(used));
    assert.equal(await lastUsed(unused), null);
  });
});
