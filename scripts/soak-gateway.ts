/**
 * Gateway soak (not a test): 60 s at fixed rates (modest: it runs on shared 2-core machines) from
 * several accounts while a
 * noisy neighbour hits its catastrophic patterns, floods made-up keys and goes
 * over its rate limit; loopback only (the fake upstream, one gateway process,
 * Postgres). Prints each account's p50/p99, 429s and errors, and at the end
 * checks that the metadata rows equal the requests the gateway answered for a
 * valid key (every one of them writes a row, 429s included).
 *
 *   npm run soak:gateway [-- seconds]      (DATABASE_URL, else an embedded Postgres for the run)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import type { RateLimitOverrides } from '../platform/billing/plans';
import { generateApiKey } from '../platform/crypto/api-keys';
import { createDatabase, type Database } from '../platform/database/database';
import { migrateToLatest } from '../platform/database/migrations';
import { policyRulesSchema, type PolicyRuleInput } from '../platform/policies/policy-rules';
import { projectRoot } from './bootstrap.mjs';
import { freePort, startPostgresUnlessConfigured, waitForPort } from './local-services';

const SECONDS = Number(process.argv[2] ?? 60);
const WARM_UP_SECONDS = 5;

interface Tenant {
  name: string;
  ratePerSecond: number;
  rateLimits: RateLimitOverrides | null;
  rules: PolicyRuleInput[];
  body: Buffer;
}

const chat = (model: string, content: string) =>
  Buffer.from(JSON.stringify({ model, max_tokens: 64, messages: [{ role: 'user', content }] }));
const notes = 'Summarise the meeting notes: roadmap, hiring, billing migration and onboarding. '.repeat(20);

const TENANTS: Tenant[] = [
  { name: 'steady-a', ratePerSecond: 20, rateLimits: null, rules: [], body: chat('fake-chat', notes) },
  {
    name: 'steady-b',
    ratePerSecond: 20,
    rateLimits: null,
    rules: [{ id: 'pii', type: 'pii', entities: ['EMAIL', 'CARD'], action: 'redact' }],
    body: chat('fake-chat', `${notes} mail ada@example.com`),
  },
  { name: 'steady-c', ratePerSecond: 10, rateLimits: null, rules: [], body: chat('fake-chat', 'hello') },
  {
    // Over its own limit (120 a minute = 2/s) at 30/s, with the worst inputs for its own patterns.
    name: 'noisy',
    ratePerSecond: 30,
    rateLimits: { perKey: { requestsPerMinute: 120 } },
    rules: [
      { id: 'nested', type: 'regex', pattern: '^(a+)+$', action: 'block' },
      { id: 'overlap', type: 'regex', pattern: '(x+x+)+y', action: 'block' },
      { id: 'stars', type: 'model', mode: 'deny', models: ['*a*a*a*a*a*a*b'] },
    ],
    body: chat(`fake-${'a'.repeat(240)}`, `${'a'.repeat(2_000)}!${'x'.repeat(2_000)}`),
  },
];
const BAD_KEYS_PER_SECOND = 50;

interface Tally {
  latencies: number[];
  statuses: Map<number, number>;
  errors: number;
  firstError: string;
}

async function createTenant(db: Database, tenant: Tenant): Promise<{ accountId: string; apiKey: string }> {
  const [account] = await db('accounts')
    .insert({
      name: tenant.name,
      plan: 'growth',
      rate_limits: tenant.rateLimits ? JSON.stringify(tenant.rateLimits) : null,
    })
    .returning<Array<{ id: string }>>('id');
  if (!account) throw new Error('account insert returned no row');
  const key = generateApiKey();
  await db('api_keys').insert({
    account_id: account.id,
    name: tenant.name,
    prefix: key.prefix,
    secret_hash: key.secretHash,
  });
  if (tenant.rules.length) {
    const [policy] = await db('policies')
      .insert({ account_id: account.id, name: 'soak', active_version: 1 })
      .returning<Array<{ id: string }>>('id');
    if (!policy) throw new Error('policy insert returned no row');
    await db('policy_versions').insert({
      policy_id: policy.id,
      account_id: account.id,
      version: 1,
      rules: JSON.stringify(policyRulesSchema.parse(tenant.rules)),
    });
  }
  return { accountId: account.id, apiKey: key.plaintext };
}

function percentile(values: number[], p: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function send(pool: Pool, key: string, body: Buffer, tally: Tally): Promise<void> {
  const started = performance.now();
  try {
    const response = await pool.request({
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body,
    });
    await response.body.dump();
    tally.latencies.push(performance.now() - started);
    tally.statuses.set(response.statusCode, (tally.statuses.get(response.statusCode) ?? 0) + 1);
  } catch (error) {
    tally.errors++;
    tally.firstError ||= (error as Error).message;
  }
}

/** Fixed rates for `seconds`; with `tallies` null (the warm-up), only the steady tenants and nothing counted. */
async function runLoad(
  pool: Pool,
  accounts: Array<{ apiKey: string }>,
  seconds: number,
  count: { tallies: Tally[]; badKeys: Tally } | null,
): Promise<void> {
  const discard = (): Tally => ({ latencies: [], statuses: new Map(), errors: 0, firstError: '' });
  const inflight: Array<Promise<void>> = [];
  const sent = TENANTS.map(() => 0);
  let badSent = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    const elapsed = (performance.now() - started) / 1000;
    TENANTS.forEach((tenant, i) => {
      const account = accounts[i];
      if (!account || (!count && tenant.name === 'noisy')) return;
      for (; (sent[i] ?? 0) < elapsed * tenant.ratePerSecond; sent[i] = (sent[i] ?? 0) + 1)
        inflight.push(send(pool, account.apiKey, tenant.body, count?.tallies[i] ?? discard()));
    });
    for (; count && badSent < elapsed * BAD_KEYS_PER_SECOND; badSent++)
      inflight.push(send(pool, generateApiKey().plaintext, chat('fake-chat', 'let me in'), count.badKeys));
    await new Promise((r) => setTimeout(r, 2));
  }
  await Promise.all(inflight);
}

function spawnTs(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function main(): Promise<void> {
  const postgres = await startPostgresUnlessConfigured('soak-pg');
  const name = `autrace_soak_${randomBytes(4).toString('hex')}`;
  const admin = createDatabase({ url: postgres.adminUrl, poolMax: 1 });
  await admin.raw(`create database ${name}`);
  const url = new URL(postgres.adminUrl);
  url.pathname = `/${name}`;
  const db = createDatabase({ url: url.toString(), poolMax: 2 });
  const children: ChildProcess[] = [];
  try {
    await migrateToLatest(db);
    const accounts = await Promise.all(TENANTS.map((t) => createTenant(db, t)));
    const [fakePort, gatewayPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
    children.push(
      spawnTs(['gateway/providers/fake/main.ts'], { ...process.env, FAKE_PROVIDER_PORT: String(fakePort) }),
    );
    await waitForPort(fakePort, 'fake provider');
    const gateway = spawnTs(['gateway/main.ts'], {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DATABASE_URL: url.toString(),
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_PORT: String(gatewayPort),
      GATEWAY_METRICS_PORT: String(metricsPort),
      FAKE_PROVIDER_URL: `http://127.0.0.1:${fakePort}`,
      GATEWAY_SPOOL_DIR: path.join(os.tmpdir(), `autrace-soak-spool-${process.pid}`),
    });
    children.push(gateway);
    await waitForPort(gatewayPort, 'gateway');

    const pool = new Pool(`http://127.0.0.1:${gatewayPort}`, { connections: 128 });
    const tallies = TENANTS.map((): Tally => ({ latencies: [], statuses: new Map(), errors: 0, firstError: '' }));
    const badKeys: Tally = { latencies: [], statuses: new Map(), errors: 0, firstError: '' };
    // Each tenant's key is in the gateway's cache before the made-up keys start failing from this address.
    await Promise.all(
      accounts.map((a, i) => send(pool, a.apiKey, TENANTS[i]?.body ?? chat('fake-chat', 'x'), tallies[i] as Tally)),
    );

    console.log(
      `soak: ${SECONDS} s; ${TENANTS.map((t) => `${t.name} ${t.ratePerSecond}/s`).join(', ')}, made-up keys ${BAD_KEYS_PER_SECOND}/s; ${os.cpus().length} CPUs`,
    );
    // A warm-up at the steady rates, not counted: a cold gateway (V8 still compiling) has a backlog of its own.
    await runLoad(pool, accounts, WARM_UP_SECONDS, null);
    for (const tally of tallies) {
      tally.latencies.length = 0;
      tally.statuses.clear();
    }
    const measuredFrom = new Date();
    await runLoad(pool, accounts, SECONDS, { tallies, badKeys });
    await pool.close();

    const rows = new Map(
      (
        await db('gateway_requests')
          .where('created_at', '>=', measuredFrom)
          .select('account_id')
          .count<Array<{ account_id: string; count: string }>>('* as count')
          .groupBy('account_id')
      ).map((r) => [r.account_id, Number(r.count)]),
    );
    // Rows are written in batches; give the writer a moment (and read again) before comparing.
    for (let attempt = 0; attempt < 50; attempt++) {
      const answered = tallies.reduce((sum, t) => sum + t.latencies.length, 0);
      const stored = [...rows.values()].reduce((a, b) => a + b, 0);
      if (stored >= answered) break;
      await new Promise((r) => setTimeout(r, 200));
      rows.clear();
      for (const r of await db('gateway_requests')
        .where('created_at', '>=', measuredFrom)
        .select('account_id')
        .count<Array<{ account_id: string; count: string }>>('* as count')
        .groupBy('account_id'))
        rows.set(r.account_id, Number(r.count));
    }

    let allMatch = true;
    TENANTS.forEach((tenant, i) => {
      const tally = tallies[i] as Tally;
      const answered = tally.latencies.length;
      const stored = rows.get(accounts[i]?.accountId ?? '') ?? 0;
      allMatch &&= stored === answered;
      const statuses = [...tally.statuses].map(([s, n]) => `${s}×${n}`).join(' ');
      console.log(
        `${tenant.name.padEnd(9)} p50 ${percentile(tally.latencies, 50).toFixed(1)} ms p99 ${percentile(tally.latencies, 99).toFixed(1)} ms | ` +
          `429s ${tally.statuses.get(429) ?? 0} | errors ${tally.errors}${tally.firstError ? ` (first: ${tally.firstError})` : ''} | ` +
          `statuses ${statuses} | metadata rows ${stored} of ${answered} answered`,
      );
    });
    const badStatuses = [...badKeys.statuses].map(([s, n]) => `${s}×${n}`).join(' ');
    console.log(`made-up keys: statuses ${badStatuses}, errors ${badKeys.errors}`);
    console.log(`metadata rows == requests answered for a valid key: ${allMatch ? 'yes' : 'NO'}`);
    if (!allMatch) process.exitCode = 1;
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1_000));
    await db.destroy();
    await admin.raw(`drop database if exists ${name} with (force)`);
    await admin.destroy();
    await postgres.stop();
  }
}

await main();
