/**
 * `npm run bench:dashboard`: the dashboard's reads on a realistic log, and what
 * the usage rollup costs the gateway's writes. In a throwaway database
 * (DATABASE_URL, else an embedded Postgres for the run):
 *
 * 1. Loads 5,000,000 metadata rows over 90 days and 200 accounts (one large
 *    account with a tenth of the traffic, the rest even; 5 keys and 5 models
 *    each, 3 % blocked, 2 % failed, 8 % matched by a rule), by generate_series
 *    one day per statement, then folds the whole log into the rollup.
 * 2. Times the request-log query (first page, pages filtered by key, model,
 *    verdict, rule and status, and a page reached by cursor) and the 90-day
 *    usage series (overall, by model, by key) for the large account, through
 *    the same functions the routes call: p50 and p95 of 100 runs each.
 * 3. Runs the gateway's first-attempt write path (COPY of 500-row batches,
 *    gateway/logging/request-rows-insert.ts) back to back for a fixed time with
 *    the rollup on and off, alternating, and prints rows/s of each and their
 *    ratio (target ≥ 0.9), plus the rollup's cost per row. Off is the log
 *    without the rollup's column default and index on inserting transactions;
 *    on, the phase also folds every 5 s, as the gateway's writer does, so the
 *    ratio pays for the whole rollup. Then the rate with the
 *    rollup on and the index on request IDs dropped, and last, with the rollup
 *    off and the request log's four new indexes dropped, the rate before this
 *    feature.
 *
 *   npm run bench:dashboard    (BENCH_ROWS=… for a smaller load)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createDatabase, withConnection, type Database } from '../platform/database/database';
import { migrateToLatest } from '../platform/database/migrations';
import { listRequestLog, decodeCursor } from '../platform/gateway-logs/request-log';
import { usageSeries, type UsageGroupBy } from '../platform/usage/usage-series';
import { foldUsage } from '../platform/usage/usage-fold';
import { copyRequestRows } from '../gateway/logging/request-rows-insert';
import type { RequestLogRow } from '../gateway/logging/log-rows';
import { startPostgresUnlessConfigured } from './local-services';

const ROWS = Number(process.env.BENCH_ROWS ?? 5_000_000);
const ACCOUNTS = 200;
const DAYS = 90;
const KEYS_PER_ACCOUNT = 5;
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-3-5-sonnet', 'claude-3-5-haiku', 'mistral-large'];
const RULES = ['deny-ssn', 'redact-email', 'max-tokens', 'deny-model', 'keyword-aurora'];
const QUERY_RUNS = 100;
const WRITE_BATCH = 500;
const WRITE_PHASE_MS = 5_000;
const WRITE_ROUNDS = 3;
/** As the gateway's log writer: with the rollup on, every 5 s of writing ends with a fold of every account. */
const FOLD_INTERVAL_MS = 5_000;

const postgres = await startPostgresUnlessConfigured('bench-dashboard-pg');
const name = `autrace_bench_${randomBytes(5).toString('hex')}`;
const url = new URL(postgres.adminUrl);
url.pathname = `/${name}`;

interface Fixture {
  accountIds: string[];
  keyIds: string[][];
}

async function load(db: Database): Promise<Fixture> {
  const accountIds = Array.from({ length: ACCOUNTS }, () => randomUUID());
  await db.batchInsert(
    'accounts',
    accountIds.map((id, i) => ({ id, name: `bench ${i}`, plan: 'growth' as const, region: 'eu' as const })),
    500,
  );
  const keyIds = accountIds.map(() => Array.from({ length: KEYS_PER_ACCOUNT }, () => randomUUID()));
  await db.batchInsert(
    'api_keys',
    accountIds.flatMap((accountId, a) =>
      (keyIds[a] ?? []).map((id, k) => ({
        id,
        account_id: accountId,
        name: `key ${k}`,
        prefix: `ak_${id.slice(0, 8)}`,
        secret_hash: `hash-${id}`,
      })),
    ),
    500,
  );
  const today = new Date().toISOString().slice(0, 10);
  await db.raw(`select ensure_gateway_log_partitions(?::date - ${DAYS}, ${DAYS + 2})`, [today]);
  // Account 0 gets a tenth of the rows; the rest spread evenly. Keys by account index, models, verdicts,
  // statuses, rules and latencies drawn per row.
  const perDay = Math.ceil(ROWS / DAYS);
  const flatKeys = keyIds.flat();
  for (let day = 0; day < DAYS; day++) {
    const count = Math.min(perDay, ROWS - day * perDay);
    if (count <= 0) break;
    await db.raw(
      `insert into gateway_requests (id, created_at, account_id, api_key_id, endpoint, provider, model, verdict,
                                     matched_rule_ids, prompt_tokens, completion_tokens, latency_ms, status)
       select gen_random_uuid(), t, (?::uuid[])[1 + a], (?::uuid[])[1 + a * ${KEYS_PER_ACCOUNT} + (g % ${KEYS_PER_ACCOUNT})],
              '/v1/chat/completions', case when m < 2 then 'openai' else 'anthropic' end, (?::text[])[1 + m],
              case when r < 0.03 then 'BLOCK' else 'ALLOW' end,
              case when r < 0.08 then array[(?::text[])[1 + ((g / 3) % 5)]] else '{}'::text[] end,
              (50 + random() * 2000)::int, (random() * 800)::int,
              (20 + 3000 * random() ^ 3)::int,
              case when r < 0.03 then 403 when r < 0.05 then (array[429, 500, 502])[1 + (g % 3)] else 200 end
         from (select g, now() - interval '1 day' * (? + random()) as t,
                      case when g % 10 = 0 then 0 else 1 + (g % ${ACCOUNTS - 1}) end as a,
                      (g / 7) % ${MODELS.length} as m, random() as r
                 from generate_series(1, ?) g) s`,
      [accountIds, flatKeys, MODELS, RULES, day, count],
    );
  }
  await foldEverything(db);
  await db.raw('vacuum analyze gateway_requests');
  await db.raw('vacuum analyze gateway_usage_hourly');
  await db.raw('vacuum analyze gateway_usage_daily');
  await db.raw('analyze api_keys');
  return { accountIds, keyIds };
}

/** The whole loaded log into the rollup, as the gateway's folds would have done as it went. */
async function foldEverything(db: Database): Promise<void> {
  while (!(await foldUsage(db)).complete) await new Promise((resolve) => setTimeout(resolve, 100));
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}

async function time(label: string, run: () => Promise<unknown>): Promise<{ label: string; p50: number; p95: number }> {
  for (let i = 0; i < 5; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < QUERY_RUNS; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const result = { label, p50: percentile(samples, 0.5), p95: percentile(samples, 0.95) };
  console.log(
    `${label.padEnd(44)} p50 ${result.p50.toFixed(1).padStart(6)} ms   p95 ${result.p95.toFixed(1).padStart(6)} ms`,
  );
  return result;
}

async function timeReads(db: Database, fixture: Fixture): Promise<void> {
  const accountId = fixture.accountIds[0] ?? '';
  const keyId = fixture.keyIds[0]?.[2] ?? '';
  const page = { limit: 50, cursor: null };
  const first = await listRequestLog(db, accountId, {}, page);
  // A cursor 20 pages deep.
  let cursor = first.nextCursor;
  for (let i = 0; i < 19 && cursor; i++)
    cursor = (await listRequestLog(db, accountId, {}, { limit: 50, cursor: decodeCursor(cursor) })).nextCursor;
  const deep = cursor ? decodeCursor(cursor) : null;
  const week = new Date(Date.now() - 7 * 86_400_000).toISOString();
  const month = new Date(Date.now() - 30 * 86_400_000).toISOString();

  console.log(`\nrequest log, the large account (${Math.round(ROWS / 10).toLocaleString('en')} rows), 50 rows a page`);
  await time('first page', () => listRequestLog(db, accountId, {}, page));
  await time('page 21 (by cursor)', () => listRequestLog(db, accountId, {}, { limit: 50, cursor: deep }));
  await time('filtered: key', () => listRequestLog(db, accountId, { keyId }, page));
  await time('filtered: model', () => listRequestLog(db, accountId, { model: 'mistral-large' }, page));
  await time('filtered: verdict BLOCK', () => listRequestLog(db, accountId, { verdict: 'BLOCK' }, page));
  await time('filtered: rule', () => listRequestLog(db, accountId, { ruleId: 'keyword-aurora' }, page));
  await time('filtered: a rule no row matched', () => listRequestLog(db, accountId, { ruleId: 'never-matched' }, page));
  await time('filtered: status 502', () => listRequestLog(db, accountId, { status: 502 }, page));
  await time('filtered: key + model + 7 days', () =>
    listRequestLog(db, accountId, { keyId, model: 'gpt-4o', from: week }, page),
  );
  await time('filtered: 30 days to 7 days ago, BLOCK', () =>
    listRequestLog(db, accountId, { from: month, to: week, verdict: 'BLOCK' }, page),
  );
  const small = fixture.accountIds[1] ?? '';
  await time('first page, a typical account', () => listRequestLog(db, small, {}, page));

  console.log('\nusage series, the large account');
  for (const groupBy of ['none', 'model', 'key'] as UsageGroupBy[])
    await time(`90 days by day, groupBy ${groupBy}`, () => usageSeries(db, accountId, { range: '90d', groupBy }));
  await time('7 days by hour, groupBy model', () => usageSeries(db, accountId, { range: '7d', groupBy: 'model' }));
  await time('90 days by day, a typical account', () => usageSeries(db, small, { range: '90d', groupBy: 'none' }));
}

function gatewayRows(fixture: Fixture, n: number): RequestLogRow[] {
  const now = new Date().toISOString();
  return Array.from({ length: n }, (_, i) => {
    const a = Math.floor(Math.random() * ACCOUNTS);
    const r = Math.random();
    return {
      id: randomUUID(),
      created_at: now,
      account_id: fixture.accountIds[a] ?? '',
      api_key_id: fixture.keyIds[a]?.[i % KEYS_PER_ACCOUNT] ?? null,
      endpoint: '/v1/chat/completions',
      provider: 'openai',
      model: MODELS[i % MODELS.length] ?? 'gpt-4o',
      verdict: r < 0.03 ? 'BLOCK' : 'ALLOW',
      matched_rule_ids: r < 0.08 ? ['deny-ssn'] : [],
      prompt_tokens: 100 + (i % 900),
      completion_tokens: i % 400,
      tokens_estimated: false,
      latency_ms: 20 + Math.floor(3000 * Math.random() ** 3),
      status: r < 0.03 ? 403 : 200,
      streamed: false,
      client_disconnected: false,
    };
  });
}

/**
 * The log writer's first attempt, back to back for `ms`: one COPY per 500-row batch on one connection; with
 * `fold`, the writer's fold of the deltas every 5 s, on the same connection and inside the timed phase, so
 * the rate pays for the whole rollup.
 */
interface WritePhase {
  /** Rows per second, wall clock. */
  rate: number;
  /** The Postgres backend's CPU time per row (user + system), or null when its /proc entry is not readable. */
  cpuPerRowUs: number | null;
}

/** A local backend's CPU seconds so far, from /proc (a busy machine slows the wall clock, not this). */
function backendCpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

async function writeRate(db: Database, fixture: Fixture, ms: number, fold = false): Promise<WritePhase> {
  // Built ahead, so the phase times Postgres and the COPY, not row generation.
  const batches = Array.from({ length: 40 }, () => gatewayRows(fixture, WRITE_BATCH));
  return withConnection(db, async (connection) => {
    const pid = Number((await connection.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid);
    const cpuBefore = backendCpuSeconds(pid);
    let written = 0;
    const started = performance.now();
    let foldAt = started + FOLD_INTERVAL_MS;
    while (performance.now() - started < ms) {
      if (fold && performance.now() >= foldAt) {
        await connection.query('select gateway_usage_fold()');
        foldAt = performance.now() + FOLD_INTERVAL_MS;
      }
      const batch = batches[(written / WRITE_BATCH) % batches.length] ?? [];
      // Fresh IDs per write: the primary key would refuse a batch written twice.
      await copyRequestRows(
        connection,
        batch.map((row) => ({ ...row, id: randomUUID() })),
      );
      written += batch.length;
    }
    if (fold) await connection.query('select gateway_usage_fold()');
    const rate = written / ((performance.now() - started) / 1000);
    const cpuAfter = backendCpuSeconds(pid);
    const cpuPerRowUs = cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1e6) / written;
    return { rate, cpuPerRowUs };
  });
}

/**
 * The usage series while 5 s of every account's writes wait to be folded, what the log writer leaves
 * at worst: each read adds up its account's rows above the fold's mark.
 */
async function timeReadsWithUnfoldedRows(db: Database, fixture: Fixture): Promise<void> {
  const accountId = fixture.accountIds[0] ?? '';
  const small = fixture.accountIds[1] ?? '';
  await writeRate(db, fixture, FOLD_INTERVAL_MS);
  const { rows } = await db.raw<{ rows: Array<{ n: number }> }>(
    `select count(*)::int as n from gateway_requests
      where inserted_xid >= (select folded_before from gateway_usage_fold_mark)`,
  );
  const pending = rows[0]?.n ?? 0;
  console.log(`\nusage series with ${pending.toLocaleString('en')} request rows (5 s of writes) not yet folded`);
  await time('90 days by day, groupBy none', () => usageSeries(db, accountId, { range: '90d', groupBy: 'none' }));
  await time('7 days by hour, groupBy model', () => usageSeries(db, accountId, { range: '7d', groupBy: 'model' }));
  await time('90 days by day, a typical account', () => usageSeries(db, small, { range: '90d', groupBy: 'none' }));
  await foldEverything(db);
}

/** Off: the log without what the rollup adds to each insert (the inserting transaction's ID and its index). */
async function setRollup(db: Database, on: boolean): Promise<void> {
  if (on) {
    await db.raw('create index if not exists gateway_requests_inserted_xid on gateway_requests (inserted_xid)');
    await db.raw('alter table gateway_requests alter column inserted_xid set default pg_current_xact_id()');
  } else {
    await db.raw('drop index if exists gateway_requests_inserted_xid');
    await db.raw(`alter table gateway_requests alter column inserted_xid set default '0'`);
  }
}

async function timeWrites(db: Database, fixture: Fixture): Promise<void> {
  console.log(
    `\ngateway log writes (COPY of ${WRITE_BATCH}-row batches, one writer), ${WRITE_ROUNDS} alternating rounds`,
  );
  await writeRate(db, fixture, 2_000, true); // warm-up
  const on: WritePhase[] = [];
  const off: WritePhase[] = [];
  for (let round = 0; round < WRITE_ROUNDS; round++) {
    for (const rollup of round % 2 === 0 ? [true, false] : [false, true]) {
      await setRollup(db, rollup);
      const phase = await writeRate(db, fixture, WRITE_PHASE_MS, rollup);
      (rollup ? on : off).push(phase);
      console.log(
        `  round ${round + 1}, rollup ${rollup ? 'on ' : 'off'}: ${Math.round(phase.rate).toLocaleString('en')} rows/s, ${phase.cpuPerRowUs?.toFixed(1) ?? '?'} µs of Postgres CPU a row`,
      );
    }
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const rateOn = mean(on.map((p) => p.rate));
  const rateOff = mean(off.map((p) => p.rate));
  console.log(`insert rate, rollup off:      ${Math.round(rateOff).toLocaleString('en')} rows/s`);
  console.log(`insert rate, rollup on:       ${Math.round(rateOn).toLocaleString('en')} rows/s`);
  console.log(`ratio on / off:               ${(rateOn / rateOff).toFixed(3)} (target ≥ 0.9)`);
  console.log(`rollup cost per row:          ${(1e6 / rateOn - 1e6 / rateOff).toFixed(2)} µs`);
  const cpuOn = on.map((p) => p.cpuPerRowUs);
  const cpuOff = off.map((p) => p.cpuPerRowUs);
  if (![...cpuOn, ...cpuOff].includes(null)) {
    const perRowOn = mean(cpuOn as number[]);
    const perRowOff = mean(cpuOff as number[]);
    console.log(
      `Postgres CPU per row, off / on: ${perRowOff.toFixed(1)} / ${perRowOn.toFixed(1)} µs (ratio of rates it allows: ${(perRowOff / perRowOn).toFixed(3)})`,
    );
  }

  // What the index on random request IDs (GET /v1/logs/requests/{id}) alone costs the writer.
  await db.raw('drop index gateway_requests_id');
  const { rate: withoutIdIndex } = await writeRate(db, fixture, WRITE_PHASE_MS, true);
  console.log(
    `rollup on, without the (id) index: ${Math.round(withoutIdIndex).toLocaleString('en')} rows/s (shipped / this: ${(rateOn / withoutIdIndex).toFixed(3)})`,
  );
  await setRollup(db, false);
  await db.raw(
    'drop index gateway_requests_account_key_time, gateway_requests_account_model_time, gateway_requests_account_notable_time',
  );
  const { rate: before } = await writeRate(db, fixture, WRITE_PHASE_MS);
  console.log(
    `without rollup nor the log's 4 new indexes: ${Math.round(before).toLocaleString('en')} rows/s (shipped / this: ${(rateOn / before).toFixed(3)})`,
  );
}

const admin = createDatabase({ url: postgres.adminUrl, poolMax: 1 });
await admin.raw(`create database ${name}`);
const db = createDatabase({ url: url.toString(), poolMax: 4, applicationName: 'bench-dashboard' });
try {
  await migrateToLatest(db);
  const started = performance.now();
  const fixture = await load(db);
  const rollupRows = Number((await db('gateway_usage_hourly').count<Array<{ n: number }>>({ n: '*' }))[0]?.n);
  const dailyRows = Number((await db('gateway_usage_daily').count<Array<{ n: number }>>({ n: '*' }))[0]?.n);
  console.log(
    `loaded ${ROWS.toLocaleString('en')} rows for ${ACCOUNTS} accounts over ${DAYS} days in ${((performance.now() - started) / 1000).toFixed(1)} s (rollup: ${rollupRows.toLocaleString('en')} hourly rows, ${dailyRows.toLocaleString('en')} daily rows)`,
  );
  await timeReads(db, fixture);
  await timeReadsWithUnfoldedRows(db, fixture);
  await timeWrites(db, fixture);
} finally {
  await db.destroy();
  await admin.raw(`drop database if exists ${name} with (force)`);
  await admin.destroy();
  await postgres.stop();
}
