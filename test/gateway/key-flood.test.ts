import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { generateApiKey } from '../../platform/crypto/api-keys';
import {
  createAccountWithKey,
  startGatewayFixture,
  type GatewayFixture,
  type TestAccount,
} from './support/gateway-fixture';

/**
 * The bounds, generous for a shared 2-core machine. While a flood runs the event loop is busy whatever the
 * keys, so during it the live key is compared with the same flood of malformed keys (which cost no lookup):
 * its median may be at most 1.5 times that plus 10 ms. After the flood, its median is within 10 ms of before.
 */
const DURING_FACTOR = 1.5;
const MARGIN_MS = 10;
const FLOOD = 10_000;
const FLOOD_CONCURRENCY = 16;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

describe('a flood of bad keys', () => {
  let fx: GatewayFixture;
  let live: TestAccount;
  let pool: Pool;
  const body = JSON.stringify({ model: 'fake-chat', messages: [{ role: 'user', content: 'hi' }] });

  before(async () => {
    fx = await startGatewayFixture();
    live = await createAccountWithKey(fx.database.db, fx.config);
    pool = new Pool(fx.baseUrl, { connections: 64 });
  });

  after(async () => {
    await pool.close();
    await fx.close();
  });

  async function call(key: string): Promise<{ status: number; ms: number }> {
    const started = performance.now();
    const response = await pool.request({
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body,
    });
    await response.body.dump();
    return { status: response.statusCode, ms: performance.now() - started };
  }

  async function liveLatencies(count: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      const { status, ms } = await call(live.apiKey);
      assert.equal(status, 200);
      out.push(ms);
    }
    return out;
  }

  test(`${FLOOD} random bad keys leave the live key cached, its latency unchanged, and Postgres barely read`, async () => {
    await liveLatencies(20);
    const baseline = median(await liveLatencies(50));
    const lookupsBefore = fx.gateway.app.keyStore.lookups;
    const statuses = new Map<number, number>();
    async function floodWith(count: number, badKey: () => string): Promise<number[]> {
      let sent = 0;
      const flood = Promise.all(
        Array.from({ length: FLOOD_CONCURRENCY }, async () => {
          while (sent < count) {
            sent++;
            const { status } = await call(badKey());
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
          }
        }),
      );
      const during = await liveLatencies(50);
      await flood;
      return during;
    }
    const duringMalformed = median(await floodWith(FLOOD / 2, () => `atr_${Math.random()}`));
    statuses.clear();
    const duringRandom = median(await floodWith(FLOOD, () => generateApiKey().plaintext));
    const afterFlood = median(await liveLatencies(50));

    assert.equal(
      [...statuses.values()].reduce((a, b) => a + b, 0),
      FLOOD,
    );
    assert.ok(!statuses.has(200), 'no bad key got through');
    assert.ok((statuses.get(429) ?? 0) > FLOOD * 0.9, `statuses ${JSON.stringify([...statuses])}`);
    assert.ok(fx.gateway.app.keyStore.holds(live.apiKey), 'the live key is still cached');
    const lookups = fx.gateway.app.keyStore.lookups - lookupsBefore;
    assert.ok(lookups <= fx.config.gateway.authFailuresPerMinute + 10, `${lookups} key reads for the flood`);
    assert.ok(
      duringRandom <= duringMalformed * DURING_FACTOR + MARGIN_MS,
      `median during the flood ${duringRandom.toFixed(1)} ms, during malformed keys ${duringMalformed.toFixed(1)} ms`,
    );
    assert.ok(
      afterFlood <= baseline + MARGIN_MS,
      `median after ${afterFlood.toFixed(1)} ms, baseline ${baseline.toFixed(1)} ms`,
    );
  });

  test('a new key from a flooded address waits its turn (429); from the same address a cached key still works', async () => {
    const fresh = await createAccountWithKey(fx.database.db, fx.config);
    const refused = await call(fresh.apiKey);
    assert.equal(refused.status, 429);
    assert.equal((await call(live.apiKey)).status, 200);
  });
});
