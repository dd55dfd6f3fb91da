import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { LogRecord } from '../../gateway/logging/log-rows';
import { openSpool } from '../../gateway/logging/spool';

function requestRecord(n: number): LogRecord {
  return {
    kind: 'request',
    row: {
      id: randomUUID(),
      created_at: new Date().toISOString(),
      account_id: randomUUID(),
      api_key_id: null,
      endpoint: '/v1/chat/completions',
      provider: 'fake',
      model: `m${n}`,
      verdict: 'ALLOW',
      matched_rule_ids: [],
      prompt_tokens: n,
      completion_tokens: 0,
      tokens_estimated: false,
      latency_ms: 1,
      status: 200,
      streamed: false,
      client_disconnected: false,
    },
  };
}

describe('the on-disk log spool', () => {
  test('survives a restart and replays batches oldest first, ciphertext intact', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'autrace-spool-test-'));
    try {
      const first = await openSpool(dir, 1024 * 1024);
      const full: LogRecord = {
        kind: 'full',
        row: {
          request_id: randomUUID(),
          created_at: new Date().toISOString(),
          account_id: randomUUID(),
          nonce: Buffer.from([1, 2]),
          auth_tag: Buffer.from([3]),
          ciphertext: Buffer.from([4, 5, 6]),
        },
      };
      assert.equal(await first.append([requestRecord(1), requestRecord(2)]), true);
      assert.equal(await first.append([requestRecord(3), full]), true);

      const reopened = await openSpool(dir, 1024 * 1024);
      assert.equal(reopened.depth, 4);
      const replayed: LogRecord[] = [];
      while (await reopened.replayOldest((records) => Promise.resolve(void replayed.push(...records)))) {
        // until empty
      }
      assert.deepEqual(
        replayed.map((r) => (r.kind === 'request' ? r.row.model : 'full')),
        ['m1', 'm2', 'm3', 'full'],
      );
      assert.deepEqual(replayed[3], full);
      assert.equal(reopened.depth, 0);
      assert.deepEqual(await readdir(dir), []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a failed replay keeps the batch for the next attempt', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'autrace-spool-test-'));
    try {
      const spool = await openSpool(dir, 1024 * 1024);
      await spool.append([requestRecord(1)]);
      await assert.rejects(spool.replayOldest(() => Promise.reject(new Error('database down'))));
      assert.equal(spool.depth, 1);
      const [file] = await readdir(dir);
      assert.ok(file && (await readFile(path.join(dir, file), 'utf8')).includes('"m1"'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('is bounded: a batch beyond the limit is refused', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'autrace-spool-test-'));
    try {
      const spool = await openSpool(dir, 1024);
      assert.equal(await spool.append([requestRecord(1)]), true);
      assert.equal(await spool.append(Array.from({ length: 10 }, (_, i) => requestRecord(i))), false);
      assert.equal(spool.depth, 1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
