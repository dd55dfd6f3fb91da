/**
 * Gateway benchmark (not a test): the fake upstream, a bare node:http
 * pass-through proxy (the floor for any Node proxy) and the gateway with a
 * realistic policy and Postgres logging, each in its own process, driven with
 * the same 2 KB requests: a chat request, a tool-calling conversation (two
 * tool calls and their results, tool definitions; the answer is a tool call)
 * and a Responses API request, each plain and streamed. Every target is warmed up first (a burst, then
 * the rate). Targets alternate round by round so the machine's drift cancels;
 * the output is ratios gateway / bare proxy, plus each proxy's CPU time per
 * request (from /proc, so a busy machine does not skew it) and the p99 ratio
 * per round, whose median shows when one stall decided the pooled p99.
 *
 *   npm run bench:gateway            (DATABASE_URL, else an embedded Postgres for the run)
 *   npm run bench:gateway -- --only chat,tool-calls,responses
 *   npm run bench:gateway -- --only chat,translated-chat   (what translation costs)
 *   npm run bench:gateway -- --only chat --rounds 2 --plain   (a short run for CPU per request; --plain: no streams)
 *   npm run bench:gateway -- --gateway-node-options "--cpu-prof --cpu-prof-dir=/tmp/prof"
 *   npm run bench:gateway -- --gateway-root /tmp/autrace-main      (the gateway of another checkout)
 *   npm run bench:gateway -- --koa-cost   (only what Koa costs per request; no database)
 *   npm run bench:gateway -- --failover   (only the time to fail over, below)
 *
 * What Koa costs is measured apart: the bare pipe proxy against the same pipe served by Koa, once with one
 * middleware and once as the last middleware of the gateway's own chain (createGatewayKoa), each in its own
 * process, alternating, closed loop. CPU µs per request of each process (from /proc) and the throughput ratios.
 *
 * Failover: an alias whose first target refuses connections (a closed port)
 * and whose second is the fake upstream, against an alias with the fake
 * upstream alone and the plain model, one request at a time, the modes
 * alternating round by round; printed as p50/p99 and the time added over the
 * one-target alias.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, request as httpRequest, Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { generateApiKey } from '../platform/crypto/api-keys';
import { createDataKey } from '../platform/crypto/envelope';
import { createDatabase } from '../platform/database/database';
import { migrateToLatest } from '../platform/database/migrations';
import { PLAN_RATE_LIMITS, rateLimitsFor } from '../platform/billing/plans';
import { createRateLimiter } from '../gateway/limits/rate-limiter';
import { createGatewayKoa } from '../gateway/http/middleware';
import Koa, { type Middleware } from 'koa';
import { pino } from 'pino';
import { BENCH_RULES, chatBody, responsesBody, toolCallingBody } from './bench-gateway-bodies';
import { projectRoot } from './bootstrap.mjs';
import { freePort, startPostgresUnlessConfigured, waitForPort } from './local-services';

function argValue(flag: string): string | undefined {
  const at = process.argv.indexOf(flag);
  return at > 0 ? process.argv[at + 1] : undefined;
}

const RATE = 500;
// Short phases, many rounds: alternating often is what cancels a shared machine's drift.
// 2 s latency phases: a p99 is decided by the slowest 1 % of samples, and 8,000 per target make it stable enough to compare.
const LATENCY_PHASE_MS = 2_000;
const THROUGHPUT_PHASE_MS = 1_000;
const CONCURRENCY = 50;
/** `--rounds N`: fewer rounds for a short run (CPU per request settles in a few; the p99 needs all eight). */
const ROUNDS = Number(argValue('--rounds') ?? 8);
/**
 * Per target and mode, a burst and then the rate. After 1 s of burst the gateway still used twice the CPU
 * at 500 req/s that it settled at some 10 s later (V8 still optimising its code); after 4 s it had settled.
 */
const WARM_UP_MS = 3_000;
/** The direct calls' p99 over this many times their p50: stalls of the machine, not the proxies, set the tails. */
const NOISY_TAIL_FACTOR = 5;
/** Failed requests per target, with the first reason seen. */
const failures = new Map<string, { count: number; first: string }>();

/** Limits stay on for the benchmark key, set high enough not to trigger (an Enterprise account at its ceiling). */
const BENCH_RATE_LIMITS = {
  account: PLAN_RATE_LIMITS.enterprise.ceiling,
  perKey: PLAN_RATE_LIMITS.enterprise.ceiling,
};

/** The limiter's own cost: admit and release in a loop, in this process (µs per request). */
function limiterCostUs(): number {
  const limiter = createRateLimiter({ instanceCount: 2 });
  const limits = rateLimitsFor('enterprise', BENCH_RATE_LIMITS);
  const rounds = 1_000_000;
  for (let i = 0; i < 10_000; i++) limiter.release(limiter.admit('k', 'a', limits), 100);
  const started = performance.now();
  for (let i = 0; i < rounds; i++) limiter.release(limiter.admit(`k${i % 64}`, `a${i % 8}`, limits), 100);
  const us = ((performance.now() - started) * 1000) / rounds;
  limiter.close();
  return us;
}

/**
 * The setup the requests run against. `realistic` (the default): the account's own two connections to the fake
 * upstream, each request's model an alias with one target on each (same priority, equal weights: load
 * balanced), a price for every target model so each request's cost is computed, a monthly budget on the key and
 * one on the account (large enough never to refuse; every request reserves and settles), limits on. `platform`
 * (`--setup platform`): the platform's own fake provider by model name, limits on, no alias, no budget.
 */
const SETUP = argValue('--setup') ?? 'realistic';
if (SETUP !== 'realistic' && SETUP !== 'platform') throw new Error('--setup is realistic or platform');
/** Models the requests ask for. The aliases' names reach the direct and bare targets too, where the fake answers them as it answers their targets' models. */
const MODELS =
  SETUP === 'realistic'
    ? { chat: 'fake-bench', tools: 'fake-bench-tools' }
    : { chat: 'fake-chat', tools: 'fake-tools' };
/** What the aliases of the realistic setup route to (the fake's models). */
const ALIAS_TARGETS = { 'fake-bench': 'fake-chat', 'fake-bench-tools': 'fake-tools' } as const;

const REQUEST_KINDS = [
  { name: 'chat', path: '/v1/chat/completions', body: (stream: boolean) => chatBody(stream, MODELS.chat) },
  {
    name: 'tool calls',
    path: '/v1/chat/completions',
    body: (stream: boolean) => toolCallingBody(stream, MODELS.tools),
  },
  { name: 'responses', path: '/v1/responses', body: (stream: boolean) => responsesBody(stream, MODELS.chat) },
  /**
   * The chat request to a model the gateway serves only in the Anthropic format: the gateway translates it both
   * ways, while the direct and bare targets get the fake's OpenAI answer. Measured only when named in `--only`.
   */
  {
    name: 'translated chat',
    path: '/v1/chat/completions',
    body: (stream: boolean) => chatBody(stream, 'fake-claude-chat'),
    optIn: true,
  },
];
/** `--only chat,responses` measures a subset of the request kinds (names as printed, spaces as dashes). */
const onlyArg = argValue('--only');
const only = onlyArg !== undefined ? new Set(onlyArg.split(',')) : null;
/** `--gateway-node-options "--cpu-prof"`: extra Node flags for the gateway process only (profiling). */
const gatewayNodeOptions = argValue('--gateway-node-options');
/** `--bare-node-options "--cpu-prof"`: the same for the bare proxy (to compare the two profiles). */
const bareNodeOptions = argValue('--bare-node-options');
/** `--gateway-root <checkout>`: run the gateway of another tree (a before/after on the same machine). */
const gatewayRoot = argValue('--gateway-root') ?? projectRoot;
/**
 * The gateway runs as production runs it: its esbuild bundle (the build's options) under plain `node`, no loader.
 * `--gateway-from-source` runs `gateway/main.ts` through tsx instead, whose loader thread adds some 20 MB of RSS.
 */
const gatewayFromSource = process.argv.includes('--gateway-from-source');
const failoverOnly = process.argv.includes('--failover');
const CASES = REQUEST_KINDS.filter(
  (kind) => !failoverOnly && (only ? only.has(kind.name.replaceAll(' ', '-')) : !('optIn' in kind)),
).flatMap((kind) => (process.argv.includes('--plain') ? [false] : [false, true]).map((stream) => ({ kind, stream })));

interface Target {
  name: 'direct' | 'bare' | 'gateway';
  pool: Pool;
  path: string;
  headers: Record<string, string>;
}

/** One request; its latency in ms, or null when it failed (counted, reported at the end). */
async function once(target: Target, body: Buffer): Promise<number | null> {
  const started = performance.now();
  try {
    const response = await target.pool.request({ path: target.path, method: 'POST', headers: target.headers, body });
    if (response.statusCode !== 200)
      throw new Error(`answered ${response.statusCode}: ${(await response.body.text()).slice(0, 200)}`);
    for await (const _chunk of response.body) {
      // consume
    }
    return performance.now() - started;
  } catch (error) {
    const seen = failures.get(target.name);
    if (seen) seen.count++;
    else failures.set(target.name, { count: 1, first: (error as Error).message });
    return null;
  }
}

/** Open loop at a fixed rate: latency is what a caller sees, independent of the previous request. */
async function latencyPhase(target: Target, body: Buffer, durationMs: number): Promise<number[]> {
  const latencies: number[] = [];
  const inflight: Array<Promise<void>> = [];
  const started = performance.now();
  let sent = 0;
  while (performance.now() - started < durationMs) {
    const due = Math.floor(((performance.now() - started) / 1000) * RATE);
    while (sent < due) {
      sent++;
      inflight.push(once(target, body).then((ms) => void (ms !== null && latencies.push(ms))));
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inflight);
  return latencies;
}

/** Closed loop, CONCURRENCY callers back to back: completed requests per second, and the target's CPU time per request. */
async function throughputPhase(
  target: Target,
  body: Buffer,
  durationMs: number,
  pid?: number,
): Promise<{ rps: number; maxRss: number; cpuUsPerRequest: number }> {
  let done = 0;
  let maxRss = 0;
  const deadline = performance.now() + durationMs;
  const sampler = pid ? setInterval(() => (maxRss = Math.max(maxRss, rssOf(pid))), 100) : null;
  const cpuBefore = pid ? cpuMsOf(pid) : 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        if ((await once(target, body)) !== null) done++;
      }
    }),
  );
  if (sampler) clearInterval(sampler);
  const cpuUsPerRequest = pid && done ? ((cpuMsOf(pid) - cpuBefore) * 1000) / done : NaN;
  return { rps: done / (durationMs / 1000), maxRss, cpuUsPerRequest };
}

/** Throughput order of a round: the proxies alternate (round -1 is the warm-up, which ends with the gateway). */
function proxyOrder(round: number): Array<'bare' | 'gateway'> {
  return Math.abs(round) % 2 === 1 ? ['bare', 'gateway'] : ['gateway', 'bare'];
}

function percentile(values: ArrayLike<number>, p: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/**
 * How far sampling alone moves a ratio of added p99s: the 5th and 95th percentile of the ratio over
 * bootstrap resamples of each target's latencies. A verdict whose interval straddles the target is a
 * coin toss between runs, whatever the point estimate says.
 */
function bootstrapP99Ratio(direct: number[], bare: number[], gateway: number[], resamples = 200): [number, number] {
  const resampleP99 = (xs: number[]) => {
    const sample = new Float64Array(xs.length);
    for (let i = 0; i < xs.length; i++) sample[i] = xs[Math.floor(Math.random() * xs.length)] ?? NaN;
    return percentile(sample, 99);
  };
  const ratios: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const d = resampleP99(direct);
    ratios.push(Math.max(0.001, resampleP99(gateway) - d) / Math.max(0.001, resampleP99(bare) - d));
  }
  return [percentile(ratios, 5), percentile(ratios, 95)];
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

const CLOCK_TICK_MS = 10; // USER_HZ is 100 on Linux

/** User + system CPU time of a process so far, in ms. */
function cpuMsOf(pid: number): number {
  // Fields after the command name (which may hold spaces), from field 3 on: utime and stime are fields 14 and 15.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
}

function spawnTs(args: string[], env: NodeJS.ProcessEnv, nodeOptions: string[] = [], cwd = projectRoot): ChildProcess {
  return spawn(process.execPath, [...nodeOptions, '--import', 'tsx', ...args], {
    cwd,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/**
 * The gateway's production bundle of a checkout, built with the build's own options into that checkout's
 * `node_modules/.cache` (so its packages resolve from there as they do from `dist/`). Returns the entry's path.
 * With code splitting, as `npm run build` builds it: without it, modules the gateway imports only when needed
 * (the OpenTelemetry SDK, loaded only with an OTLP endpoint) are inlined and their packages loaded at start-up,
 * about 5 MB of RSS that production does not carry.
 */
async function buildGateway(root: string): Promise<string> {
  // Loaded here, not at the top: the bare proxy runs this file too and should not carry the build's modules.
  const [{ build }, { BUILD_OPTIONS, ENTRY_POINTS }] = await Promise.all([import('esbuild'), import('./build')]);
  const outdir = path.join(root, 'node_modules', '.cache', 'autrace-bench-gateway');
  await rm(outdir, { recursive: true, force: true });
  await build({
    ...BUILD_OPTIONS,
    absWorkingDir: root,
    entryPoints: { gateway: ENTRY_POINTS.gateway },
    outdir,
    splitting: true,
  });
  return path.join(outdir, 'gateway.js');
}

function spawnGateway(entry: string | null, env: NodeJS.ProcessEnv, nodeOptions: string[] = []): ChildProcess {
  if (entry === null) return spawnTs(['gateway/main.ts'], env, nodeOptions, gatewayRoot);
  return spawn(process.execPath, [...nodeOptions, entry], {
    cwd: gatewayRoot,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

const FAILOVER_ROUNDS = 5;
const FAILOVER_REQUESTS_PER_ROUND = 40;
const FAILOVER_MODES = [
  { model: 'fake-chat', label: 'plain model (no alias)' },
  { model: 'fake-routed', label: 'alias, one target' },
  { model: 'fake-failover', label: 'alias, first target refused, no retry' },
  { model: 'fake-failover-retries', label: 'alias, first target refused, 2 retries (default backoff)' },
] as const;

/** Two connections of the bench account (models no other case asks for) and the aliases FAILOVER_MODES use. */
async function prepareRouting(url: string, accountId: string, fakePort: number, refusedPort: number): Promise<void> {
  const db = createDatabase({ url, poolMax: 1 });
  const connection = async (name: string, port: number) => {
    const [row] = await db('provider_connections')
      .insert({
        account_id: accountId,
        name,
        kind: 'openai-compatible',
        base_url: `http://127.0.0.1:${port}/v1`,
        models: ['bench-connection-only'],
      })
      .returning('id');
    if (!row) throw new Error('connection insert returned no row');
    return row.id;
  };
  const healthy = await connection('fake', fakePort);
  const refused = await connection('refused', refusedPort);
  const alias = async (name: string, retries: number, targets: Array<{ connection: string; priority: number }>) => {
    const [row] = await db('model_aliases').insert({ account_id: accountId, name, retries }).returning('id');
    if (!row) throw new Error('alias insert returned no row');
    await db('model_alias_targets').insert(
      targets.map((t, position) => ({
        alias_id: row.id,
        account_id: accountId,
        position,
        connection_id: t.connection,
        model: 'fake-chat',
        priority: t.priority,
      })),
    );
  };
  await alias('fake-routed', 0, [{ connection: healthy, priority: 0 }]);
  const failover = [
    { connection: refused, priority: 0 },
    { connection: healthy, priority: 1 },
  ];
  await alias('fake-failover', 0, failover);
  await alias('fake-failover-retries', 2, failover);
  if (SETUP === 'realistic') {
    const second = await connection('fake-2', fakePort);
    for (const [name, model] of Object.entries(ALIAS_TARGETS)) {
      const [row] = await db('model_aliases').insert({ account_id: accountId, name, retries: 1 }).returning('id');
      if (!row) throw new Error('alias insert returned no row');
      await db('model_alias_targets').insert(
        [healthy, second].map((connectionId, position) => ({
          alias_id: row.id,
          account_id: accountId,
          position,
          connection_id: connectionId,
          model,
          priority: 0,
          weight: 1,
        })),
      );
    }
    // List-price-like figures (micro-dollars per million tokens) for the targets' models, so every request is priced.
    await db('model_prices').insert(
      Object.values(ALIAS_TARGETS).map((model) => ({
        provider_kind: 'openai-compatible',
        model,
        effective_from: new Date(Date.now() - 86_400_000),
        input_microusd_per_mtok: 2_500_000,
        cached_input_microusd_per_mtok: 1_250_000,
        output_microusd_per_mtok: 10_000_000,
      })),
    );
    const [key] = await db('api_keys').where({ account_id: accountId, name: 'bench' }).select('id');
    // A million dollars a month each: every request reserves and settles, none is refused.
    await db('budgets').insert([
      { account_id: accountId, api_key_id: null, monthly_limit_microusd: 1_000_000_000_000 },
      { account_id: accountId, api_key_id: key?.id, monthly_limit_microusd: 1_000_000_000_000 },
    ]);
  }
  await db.destroy();
}

/** Sequential requests per mode, modes alternating each round; p50/p99 per mode. */
async function failoverBench(gateway: Target): Promise<string[]> {
  const template = JSON.parse(chatBody(false).toString('utf8')) as Record<string, unknown>;
  const bodies = FAILOVER_MODES.map((mode) => Buffer.from(JSON.stringify({ ...template, model: mode.model })));
  gateway.path = '/v1/chat/completions';
  for (const body of bodies) for (let i = 0; i < 20; i++) await once(gateway, body);
  const latencies: number[][] = FAILOVER_MODES.map(() => []);
  for (let round = 0; round < FAILOVER_ROUNDS; round++)
    for (let m = 0; m < FAILOVER_MODES.length; m++) {
      const index = (m + round) % FAILOVER_MODES.length;
      for (let i = 0; i < FAILOVER_REQUESTS_PER_ROUND; i++) {
        const ms = await once(gateway, bodies[index] as Buffer);
        if (ms !== null) latencies[index]?.push(ms);
      }
    }
  const base = latencies[1] ?? [];
  return FAILOVER_MODES.map((mode, i) => {
    const lat = latencies[i] ?? [];
    const p50 = percentile(lat, 50);
    const p99 = percentile(lat, 99);
    return (
      `failover  ${mode.label.padEnd(58)} p50 ${p50.toFixed(2)} ms p99 ${p99.toFixed(2)} ms ` +
      `(added over one target: p50 ${(p50 - percentile(base, 50)).toFixed(2)} ms, p99 ${(p99 - percentile(base, 99)).toFixed(2)} ms; ` +
      `×${(p50 / percentile(base, 50)).toFixed(2)} p50) n=${lat.length}`
    );
  });
}

async function prepareDatabase(
  adminUrl: string,
): Promise<{ url: string; apiKey: string; accountId: string; drop: () => Promise<void> }> {
  const name = `autrace_bench_${randomBytes(4).toString('hex')}`;
  const admin = createDatabase({ url: adminUrl, poolMax: 1 });
  await admin.raw(`create database ${name}`);
  await admin.destroy();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createDatabase({ url: url.toString(), poolMax: 2 });
  await migrateToLatest(db);
  const accountId = (await db('accounts').insert({ name: 'bench', plan: 'growth' }).returning('id'))[0]?.id ?? '';
  const { wrapped } = createDataKey(Buffer.alloc(32), accountId);
  await db('accounts')
    .where({ id: accountId })
    .update({ data_key_wrapped: wrapped, plan: 'enterprise', rate_limits: JSON.stringify(BENCH_RATE_LIMITS) });
  const key = generateApiKey();
  await db('api_keys').insert({
    account_id: accountId,
    name: 'bench',
    prefix: key.prefix,
    secret_hash: key.secretHash,
  });
  const [policy] = await db('policies')
    .insert({ account_id: accountId, name: 'bench', active_version: 1 })
    .returning('id');
  if (!policy) throw new Error('policy insert returned no row');
  await db('policy_versions').insert({
    policy_id: policy.id,
    account_id: accountId,
    version: 1,
    rules: JSON.stringify(BENCH_RULES),
  });
  await db.destroy();
  return {
    url: url.toString(),
    apiKey: key.plaintext,
    accountId,
    drop: async () => {
      const cleanup = createDatabase({ url: adminUrl, poolMax: 1 });
      await cleanup.raw(`drop database if exists ${name} with (force)`);
      await cleanup.destroy();
    },
  };
}

async function main(): Promise<void> {
  const postgres = await startPostgresUnlessConfigured('bench-pg');
  const database = await prepareDatabase(postgres.adminUrl);
  const [fakePort, barePort, gatewayPort] = [await freePort(), await freePort(), await freePort()];
  await prepareRouting(database.url, database.accountId, fakePort, await freePort());
  const children: ChildProcess[] = [];
  try {
    children.push(
      spawnTs(['gateway/providers/fake/main.ts'], { ...process.env, FAKE_PROVIDER_PORT: String(fakePort) }),
    );
    await waitForPort(fakePort, 'fake provider');
    const bare = spawnTs(
      ['scripts/bench-gateway.ts', 'bare-proxy', String(barePort), String(fakePort)],
      process.env,
      bareNodeOptions?.split(' ').filter(Boolean),
    );
    children.push(bare);
    const gatewayEntry = gatewayFromSource ? null : await buildGateway(gatewayRoot);
    const gateway = spawnGateway(
      gatewayEntry,
      {
        ...process.env,
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        DATABASE_URL: database.url,
        GATEWAY_PORT: String(gatewayPort),
        GATEWAY_METRICS_PORT: String(await freePort()),
        FAKE_PROVIDER_URL: `http://127.0.0.1:${fakePort}`,
        GATEWAY_SPOOL_DIR: path.join(os.tmpdir(), `autrace-bench-spool-${process.pid}`),
        // The refused target must be tried on every request: an open circuit would skip it after five.
        ROUTING_BREAKER_FAILURES: '1000000',
      },
      gatewayNodeOptions?.split(' ').filter(Boolean),
    );
    children.push(gateway);
    await waitForPort(barePort, 'bare proxy');
    await waitForPort(gatewayPort, 'gateway');

    const json = { 'content-type': 'application/json' };
    const pool = (port: number) =>
      new Pool(`http://127.0.0.1:${port}`, { connections: 128, pipelining: 1, keepAliveTimeout: 30_000 });
    const targets: Record<Target['name'], Target> = {
      direct: { name: 'direct', pool: pool(fakePort), path: '/v1/chat/completions', headers: json },
      bare: { name: 'bare', pool: pool(barePort), path: '/v1/chat/completions', headers: json },
      gateway: {
        name: 'gateway',
        pool: pool(gatewayPort),
        path: '/v1/chat/completions',
        headers: { ...json, authorization: `Bearer ${database.apiKey}` },
      },
    };
    const pids = { bare: bare.pid, gateway: gateway.pid };

    console.log(
      `bench: 2 KB chat, tool-calling and Responses requests, ${RATE} req/s open loop and ${CONCURRENCY} concurrent callers; ${os.cpus().length} CPUs`,
    );
    console.log(
      SETUP === 'realistic'
        ? `setup: realistic (the account's two connections, an alias with two load-balanced targets per request, prices, budgets on the key and the account, limits on); gateway ${gatewayFromSource ? 'from source (tsx)' : 'production bundle'}`
        : `setup: platform (the platform's fake provider by model name, limits on, no alias, no budget); gateway ${gatewayFromSource ? 'from source (tsx)' : 'production bundle'}`,
    );
    const rows: string[] = [];
    const verdicts: boolean[] = [];
    const unmeasurable: string[] = [];
    let maxRss = 0;
    for (const { kind, stream } of CASES) {
      const body = kind.body(stream);
      for (const t of Object.values(targets)) t.path = kind.path;
      // Warm-up, so every target is measured hot (optimised code, full connection pools, cached key): a burst, then the rate.
      for (const t of Object.values(targets)) {
        await throughputPhase(t, body, WARM_UP_MS);
        await latencyPhase(t, body, WARM_UP_MS);
      }
      const lat: Record<Target['name'], number[]> = { direct: [], bare: [], gateway: [] };
      const rps: Record<'bare' | 'gateway', number[]> = { bare: [], gateway: [] };
      const cpu: Record<'bare' | 'gateway', number[]> = { bare: [], gateway: [] };
      // One machine stall can decide a pooled p99; the same ratio per round (adjacent phases), as a check on that.
      const roundP99Ratios: number[] = [];
      let caseRss = 0;
      for (let round = 0; round < ROUNDS; round++) {
        // The proxies alternate. Each one's latency phase comes two phases after its own throughput phase (the
        // latency order repeats the previous round's throughput order), so neither is measured while still
        // catching up after its burst (garbage, log rows), and both get the same rest.
        const proxies = proxyOrder(round - 1);
        const order: Array<Target['name']> = ['direct', ...proxies];
        const thisRound: Record<Target['name'], number[]> = { direct: [], bare: [], gateway: [] };
        for (const name of order) thisRound[name] = await latencyPhase(targets[name], body, LATENCY_PHASE_MS);
        for (const name of order) lat[name].push(...thisRound[name]);
        const addedInRound = (name: 'bare' | 'gateway') =>
          Math.max(0.001, percentile(thisRound[name], 99) - percentile(thisRound.direct, 99));
        roundP99Ratios.push(addedInRound('gateway') / addedInRound('bare'));
        for (const name of proxyOrder(round)) {
          const result = await throughputPhase(targets[name], body, THROUGHPUT_PHASE_MS, pids[name]);
          rps[name].push(result.rps);
          cpu[name].push(result.cpuUsPerRequest);
          if (name === 'gateway') caseRss = Math.max(caseRss, result.maxRss);
        }
      }
      maxRss = Math.max(maxRss, caseRss);
      const added = (name: 'bare' | 'gateway', p: number) =>
        Math.max(0.001, percentile(lat[name], p) - percentile(lat.direct, p));
      const ratioP50 = added('gateway', 50) / added('bare', 50);
      const ratioP99 = added('gateway', 99) / added('bare', 99);
      const [p99Low, p99High] = bootstrapP99Ratio(lat.direct, lat.bare, lat.gateway);
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const ratioRps = mean(rps.gateway) / mean(rps.bare);
      // Scheduling stalls (other processes, a host that takes the CPUs away) add the same tens of ms to every
      // target's tail; once they dominate the direct calls' tail, a difference of p99s says nothing about a proxy.
      const tailsMeasurable = percentile(lat.direct, 99) <= NOISY_TAIL_FACTOR * percentile(lat.direct, 50);
      verdicts.push(ratioP50 <= 1.3, ratioRps >= 0.7);
      if (tailsMeasurable) verdicts.push(ratioP99 <= 2);
      else unmeasurable.push(`${kind.name} ${stream ? 'streaming' : 'non-streaming'} p99`);
      const mode = `${kind.name.padEnd(10)} ${stream ? 'streaming    ' : 'non-streaming'}`;
      rows.push(
        `${mode}  direct p50 ${percentile(lat.direct, 50).toFixed(2)} ms p99 ${percentile(lat.direct, 99).toFixed(2)} ms | ` +
          `added p50 bare ${added('bare', 50).toFixed(2)} gw ${added('gateway', 50).toFixed(2)} ms (×${ratioP50.toFixed(2)}) | ` +
          `added p99 bare ${added('bare', 99).toFixed(2)} gw ${added('gateway', 99).toFixed(2)} ms (×${ratioP99.toFixed(2)}, ` +
          `90% interval ×${p99Low.toFixed(2)}–×${p99High.toFixed(2)}; ` +
          `median of rounds ×${percentile(roundP99Ratios, 50).toFixed(2)}) | ` +
          `throughput bare ${mean(rps.bare).toFixed(0)} gw ${mean(rps.gateway).toFixed(0)} req/s (×${ratioRps.toFixed(2)}) | ` +
          `CPU per request bare ${mean(cpu.bare).toFixed(0)} gw ${mean(cpu.gateway).toFixed(0)} µs (×${(mean(cpu.gateway) / mean(cpu.bare)).toFixed(2)}) | ` +
          `gateway peak RSS ${caseRss.toFixed(0)} MB`,
      );
    }
    if (failoverOnly) {
      console.log((await failoverBench(targets.gateway)).join('\n'));
      const failed = [...failures].map(([name, f]) => `${name} ${f.count} (first: ${f.first})`).join(', ');
      console.log(`failed requests: ${failed || 'none'}`);
      for (const t of Object.values(targets)) await t.pool.close();
      return;
    }
    verdicts.push(maxRss < 200);
    rows.push(...(await failoverBench(targets.gateway)));
    console.log(rows.join('\n'));
    const failed = [...failures].map(([name, f]) => `${name} ${f.count} (first: ${f.first})`).join(', ');
    console.log(`gateway max RSS under load: ${maxRss.toFixed(0)} MB; failed requests: ${failed || 'none'}`);
    console.log(
      `rate limiter (on for the benchmark key): ${limiterCostUs().toFixed(2)} µs per request (admit + release)`,
    );
    if (unmeasurable.length)
      console.log(
        `not measurable on this run: ${unmeasurable.join(', ')} (the direct calls' p99 is over ${NOISY_TAIL_FACTOR}× their p50: ` +
          'machine stalls set the tails; run again on a quieter machine)',
      );
    console.log(
      `targets (added p50 ≤ 1.3× and p99 ≤ 2× bare, throughput ≥ 0.7× bare, RSS < 200 MB): ${verdicts.every(Boolean) ? 'met' : 'NOT met'}` +
        (unmeasurable.length ? `, not counting ${unmeasurable.join(' and ')}` : ''),
    );
    for (const t of Object.values(targets)) await t.pool.close();
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await database.drop();
    await postgres.stop();
  }
}

const KOA_ROUNDS = 12;
const KOA_PHASE_MS = 1_500;

/**
 * What Koa costs per request: the bare pipe proxy, the same pipe as Koa's one middleware, and the same pipe
 * as the last middleware of the gateway's chain; alternating rounds of closed-loop load against each.
 */
async function koaCost(): Promise<void> {
  const [fakePort, barePort, koaPort, chainPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const children: ChildProcess[] = [];
  try {
    children.push(
      spawnTs(['gateway/providers/fake/main.ts'], { ...process.env, FAKE_PROVIDER_PORT: String(fakePort) }),
    );
    await waitForPort(fakePort, 'fake provider');
    const proxies = {
      bare: { port: barePort, mode: 'bare-proxy' },
      'koa, one middleware': { port: koaPort, mode: 'koa-proxy' },
      'koa, gateway chain': { port: chainPort, mode: 'koa-chain-proxy' },
    };
    const pids: Record<string, number | undefined> = {};
    for (const [name, { port, mode }] of Object.entries(proxies)) {
      const child = spawnTs(['scripts/bench-gateway.ts', mode, String(port), String(fakePort)], process.env);
      children.push(child);
      pids[name] = child.pid;
      await waitForPort(port, name);
    }
    const body = chatBody(false);
    const json = { 'content-type': 'application/json' };
    const targets = Object.entries(proxies).map(([name, { port }]) => ({
      name,
      pid: pids[name],
      target: {
        name: 'bare' as const,
        pool: new Pool(`http://127.0.0.1:${port}`, { connections: 128, pipelining: 1, keepAliveTimeout: 30_000 }),
        path: '/v1/chat/completions',
        headers: json,
      },
      rps: [] as number[],
      cpu: [] as number[],
    }));
    console.log(
      `Koa's cost: 2 KB non-streamed chat through a pipe proxy, ${CONCURRENCY} concurrent callers, ${KOA_ROUNDS} rounds of ${KOA_PHASE_MS} ms per proxy; ${os.cpus().length} CPUs`,
    );
    for (const { target } of targets) await throughputPhase(target, body, WARM_UP_MS);
    // Every order of the three proxies once per six rounds: each runs in each position and after each neighbour
    // equally often (a plain rotation always puts the same proxy after the bare one).
    const orders = [
      [0, 1, 2],
      [2, 0, 1],
      [1, 2, 0],
      [2, 1, 0],
      [0, 2, 1],
      [1, 0, 2],
    ];
    for (let round = 0; round < KOA_ROUNDS; round++) {
      for (const t of (orders[round % orders.length] ?? []).flatMap((i) => targets[i] ?? [])) {
        const result = await throughputPhase(t.target, body, KOA_PHASE_MS, t.pid);
        t.rps.push(result.rps);
        t.cpu.push(result.cpuUsPerRequest);
      }
    }
    const [bare] = targets;
    const bareCpu = percentile(bare?.cpu ?? [], 50);
    const bareRps = percentile(bare?.rps ?? [], 50);
    for (const t of targets) {
      const us = percentile(t.cpu, 50);
      const r = percentile(t.rps, 50);
      const spread = `rounds ${percentile(t.cpu, 0).toFixed(0)}–${percentile(t.cpu, 100).toFixed(0)} µs`;
      console.log(
        `${t.name.padEnd(20)} CPU ${us.toFixed(1)} µs/request (${t === bare ? 'baseline' : `+${(us - bareCpu).toFixed(1)} µs, ×${(us / bareCpu).toFixed(2)}`}; ${spread}) | ` +
          `throughput ${r.toFixed(0)} req/s (×${(r / bareRps).toFixed(2)}) | wall ${(1e6 / r).toFixed(1)} µs/request at ${CONCURRENCY} concurrent`,
      );
    }
    const failed = [...failures].map(([name, f]) => `${name} ${f.count} (first: ${f.first})`).join(', ');
    if (failed) console.log(`failed requests: ${failed}`);
    for (const { target } of targets) await target.pool.close();
  } finally {
    for (const child of children) child.kill('SIGTERM');
  }
}

// ---------------------------------------------------------------------------------------------
// The bare proxy: what any Node proxy costs at least (parse HTTP, pipe both ways, keep-alive).
function pipeProxy(upstreamPort: number): (req: IncomingMessage, res: ServerResponse) => void {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  return (req, res) => {
    const upstream = httpRequest(
      { host: '127.0.0.1', port: upstreamPort, path: req.url, method: req.method, headers: req.headers, agent },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };
}

const [, , mode, listenPort, upstreamPort] = process.argv;
if (mode === 'bare-proxy') {
  const pipe = pipeProxy(Number(upstreamPort));
  createServer(pipe).listen(Number(listenPort), '127.0.0.1');
  // A normal exit on SIGTERM, so `--bare-node-options "--cpu-prof"` gets its profile written.
  process.once('SIGTERM', () => process.exit(0));
} else if (mode === 'koa-proxy' || mode === 'koa-chain-proxy') {
  // The same pipe as Koa's last middleware, taking over the response as the gateway's proxy does.
  const pipe = pipeProxy(Number(upstreamPort));
  const last: Middleware = (context) => {
    context.respond = false;
    pipe(context.req, context.res);
  };
  let app: Koa;
  if (mode === 'koa-proxy') {
    app = new Koa();
    app.silent = true;
    app.use(last);
  } else {
    const health: Middleware = (context, next) => (context.path === '/healthz' ? undefined : next());
    app = createGatewayKoa({ logger: pino({ level: 'warn' }), health, last });
  }
  createServer(app.callback()).listen(Number(listenPort), '127.0.0.1');
} else if (process.argv.includes('--koa-cost')) {
  await koaCost();
} else {
  await main();
}
