import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import { Pool } from 'undici';
import { startFakeProvider, type FakeProvider } from '../../gateway/providers/fake';
import { createTestConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createAccountWithKey, type TestAccount } from './support/gateway-fixture';
import { startGatewayProcess, type GatewayProcess } from './support/gateway-processes';

/**
 * The bound: while one account attacks, another account's p50 stays within 10 ms of its p50 under the
 * same load made benign, measured in the same test against the same gateway process, and its p99
 * within 50 ms or twice the benign p99, whichever is more. (Generous: on a shared 2-core machine the
 * benign p99 alone moves by hundreds of ms between runs; the stall this guards against was seconds.) The attack (support/attacker.ts): a policy of catastrophic patterns hit by their
 * worst inputs, a flood of made-up keys, and a hundred connections that never finish their headers.
 * The benign load sends the same requests at the same rates from an account without a policy, with
 * malformed keys and no slow connections: so the machine's own load (two cores, shared) is in both.
 */
const P99_MARGIN_MS = 50;
const P50_MARGIN_MS = 10;
const ROUNDS = 3;
const SAMPLES = 100;
/** Each load runs until the neighbour's samples (from 1.5 s in) are taken, and at most this long. */
const ATTACK_SECONDS = 60;

interface Load {
  /** Resolves when the load has begun. */
  started: Promise<void>;
  /** Resolves with the statuses the load got, once it has run its time. */
  done: Promise<Record<string, number>>;
  readonly running: boolean;
  /** Ends the load early (it runs at most its `seconds`). */
  stop(): void;
}

/** The load's process (support/attacker.ts). */
function startLoad(url: string, apiKey: string, seconds: number, mode: 'hostile' | 'benign'): Load {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/gateway/support/attacker.ts', url, apiKey, String(seconds), mode],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  let running = false;
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (!running && output.startsWith('started\n')) {
      running = true;
      markStarted();
    }
  });
  const done = new Promise<Record<string, number>>((resolve, reject) => {
    child.once('exit', (code) => {
      running = false;
      markStarted();
      if (code !== 0) reject(new Error(`the ${mode} load exited with ${code}`));
      else resolve(JSON.parse(output.slice('started\n'.length)) as Record<string, number>);
    });
  });
  return {
    started,
    done,
    get running() {
      return running;
    },
    stop() {
      child.kill('SIGTERM');
    },
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

describe('a noisy neighbour', () => {
  let database: TestDatabase;
  let fake: FakeProvider;
  let gateway: GatewayProcess;
  let attacker: TestAccount;
  let neighbour: TestAccount;
  let benign: TestAccount;
  let pool: Pool;

  before(async () => {
    database = await createTestDatabase();
    fake = await startFakeProvider();
    gateway = await startGatewayProcess({ databaseUrl: database.url, fakeProviderUrl: fake.url });
    const config = createTestConfig({ databaseUrl: database.url });
    attacker = await createAccountWithKey(database.db, config, {
      plan: 'growth',
      rules: [
        { id: 'nested', type: 'regex', pattern: '^(a+)+$', action: 'block' },
        { id: 'overlap', type: 'regex', pattern: '(x+x+)+y', action: 'block' },
        { id: 'alternation', type: 'regex', pattern: '(a|a)*b', action: 'block' },
        { id: 'stars', type: 'model', mode: 'deny', models: ['*a*a*a*a*a*a*b'] },
      ],
    });
    neighbour = await createAccountWithKey(database.db, config);
    benign = await createAccountWithKey(database.db, config, { plan: 'growth' });
    pool = new Pool(gateway.url, { connections: 32 });
  });

  after(async () => {
    await pool?.close();
    await gateway?.close();
    await fake?.close();
    await database?.drop();
  });

  async function call(key: string, model: string, content: string): Promise<{ status: number; ms: number }> {
    const started = performance.now();
    const response = await pool.request({
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content }] }),
    });
    await response.body.dump();
    return { status: response.statusCode, ms: performance.now() - started };
  }

  /** The neighbour's latencies while the load runs (the load outlasts the measurement, or the test fails). */
  async function underLoad(
    apiKey: string,
    mode: 'hostile' | 'benign',
  ): Promise<{ latencies: number[]; statuses: Record<string, number> }> {
    const load = startLoad(gateway.url, apiKey, ATTACK_SECONDS, mode);
    await load.started;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const latencies = await neighbourLatencies();
    assert.ok(load.running, `the ${mode} load lasted the whole measurement`);
    load.stop();
    return { latencies, statuses: await load.done };
  }

  async function neighbourLatencies(): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const { status, ms } = await call(neighbour.apiKey, 'fake-chat', 'hello');
      assert.equal(status, 200);
      out.push(ms);
    }
    return out;
  }

  test(`another account keeps its latency: p50 within ${P50_MARGIN_MS} ms of its baseline, p99 within ${P99_MARGIN_MS} ms or twice it`, async (t) => {
    for (let i = 0; i < 50; i++) await call(neighbour.apiKey, 'fake-chat', 'warm up');
    // Every load comes from this machine's address, whose failed authentications are limited: the
    // tenants' own keys are cached first, as they would be for tenants already sending traffic.
    for (const account of [attacker, benign]) assert.equal((await call(account.apiKey, 'fake-chat', 'hi')).status, 200);
    // The attack's first request: the worst input for its own patterns, which froze the gateway before.
    const first = await call(attacker.apiKey, `fake-${'a'.repeat(240)}`, `${'a'.repeat(100_000)}!`);
    assert.equal(first.status, 200);
    assert.ok(first.ms < 2_000, `the catastrophic request took ${first.ms.toFixed(0)} ms`);

    // Benign and hostile rounds alternate, so the machine's drift falls on both alike.
    const baseline: number[] = [];
    const underAttack: number[] = [];
    const statuses: Record<string, number> = {};
    for (let round = 0; round < ROUNDS; round++) {
      baseline.push(...(await underLoad(benign.apiKey, 'benign')).latencies);
      const hostile = await underLoad(attacker.apiKey, 'hostile');
      underAttack.push(...hostile.latencies);
      for (const [status, count] of Object.entries(hostile.statuses))
        statuses[status] = (statuses[status] ?? 0) + count;
    }

    const report = `baseline p50 ${percentile(baseline, 50).toFixed(1)} p99 ${percentile(baseline, 99).toFixed(1)} ms; under attack p50 ${percentile(underAttack, 50).toFixed(1)} p99 ${percentile(underAttack, 99).toFixed(1)} ms; attacker statuses ${JSON.stringify(statuses)}`;
    t.diagnostic(report);
    const sent = Object.values(statuses).reduce((a, b) => a + b, 0);
    assert.ok(sent > 100, `the attack ran: ${report}`);
    assert.ok((statuses['200'] ?? 0) > 20, `the catastrophic requests were evaluated: ${report}`);
    assert.ok((statuses['429'] ?? 0) > 100, `the made-up keys were refused without lookups: ${report}`);
    const p99Bound = Math.max(percentile(baseline, 99) + P99_MARGIN_MS, 2 * percentile(baseline, 99));
    assert.ok(percentile(underAttack, 99) <= p99Bound, report);
    assert.ok(percentile(underAttack, 50) <= percentile(baseline, 50) + P50_MARGIN_MS, report);
  });
});
