/**
 * `npm run bench:retention`: one retention sweep over 1,000,000 metadata rows
 * (120 days, 1,000 accounts on mixed plans) while a simulated gateway keeps
 * inserting in batches. Prints rows removed per second, the sweep's wall time,
 * and the gateway's insert rate during the sweep as a ratio of its rate
 * without one (target ≥ 0.8), both measured in this run.
 * Uses DATABASE_URL when set, else an embedded Postgres for the run, in a
 * throwaway database it drops at the end.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createDatabase, type Database } from '../platform/database/database';
import { migrateToLatest } from '../platform/database/migrations';
import { dropExpiredLogPartitions } from '../platform/retention/log-partitions';
import { sweepExpiredLogs } from '../platform/retention/retention';
import { PLANS } from '../platform/billing/plans';
import { REGIONS } from '../platform/config/config';
import { startPostgresUnlessConfigured } from './local-services';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const ACCOUNTS = 1_000;
const DAYS = 120;
const GATEWAY_BATCH = 100;
const GATEWAY_WRITERS = 2;
const BASELINE_MS = 5_000;

const postgres = await startPostgresUnlessConfigured('bench-pg');
const adminUrl = postgres.adminUrl;
const name = `autrace_bench_${randomBytes(5).toString('hex')}`;
const url = new URL(adminUrl);
url.pathname = `/${name}`;

async function load(db: Database): Promise<string[]> {
  const accountIds = Array.from({ length: ACCOUNTS }, () => randomUUID());
  const enterpriseDays = [14, 60, 90];
  await db.batchInsert(
    'accounts',
    accountIds.map((id, i) => {
      const plan = PLANS[i % PLANS.length] ?? 'free';
      return {
        id,
        name: `bench ${i}`,
        plan,
        region: REGIONS[i % REGIONS.length],
        retention_days: plan === 'enterprise' ? enterpriseDays[i % 3] : null,
      };
    }),
    500,
  );
  const today = new Date().toISOString().slice(0, 10);
  await db.raw(`select ensure_gateway_log_partitions(?::date - ${DAYS + 1}, ${DAYS + 10})`, [today]);
  // Rows spread uniformly over 120 days and the 1,000 accounts.
  await db.raw(
    `insert into gateway_requests (id, created_at, account_id, endpoint, provider, model, verdict, prompt_tokens, completion_tokens, latency_ms, status)
     select gen_random_uuid(), now() - random() * interval '${DAYS} days', (?::uuid[])[1 + (g % ${ACCOUNTS})],
            '/v1/chat/completions', 'openai', 'gpt-4o-mini', 'ALLOW', 100, 50, 200, 200
       from generate_series(1, ?) g`,
    [accountIds, ROWS],
  );
  await db.raw('vacuum analyze gateway_requests');
  return accountIds;
}

/** The gateway's batch writer, simulated: multi-row inserts of fresh rows, back to back, on its own pool. */
function startGateway(accountIds: string[]): { stop(): Promise<number> } {
  const accountAt = (n: number): string => {
    const accountId = accountIds[n % accountIds.length];
    if (accountId === undefined) throw new Error('no accounts to write for');
    return accountId;
  };
  const db = createDatabase({ url: url.toString(), poolMax: GATEWAY_WRITERS, applicationName: 'bench-gateway' });
  let running = true;
  let inserted = 0;
  const writer = async () => {
    while (running) {
      const now = new Date();
      const rows = Array.from({ length: GATEWAY_BATCH }, (_, i) => ({
        id: randomUUID(),
        created_at: now,
        account_id: accountAt(inserted + i),
        endpoint: '/v1/chat/completions',
        provider: 'openai',
        model: 'gpt-4o-mini',
        verdict: 'ALLOW' as const,
        prompt_tokens: 100,
        completion_tokens: 50,
        latency_ms: 200,
        status: 200,
      }));
      await db('gateway_requests').insert(rows);
      inserted += rows.length;
    }
  };
  const writers = Array.from({ length: GATEWAY_WRITERS }, writer);
  return {
    async stop() {
      running = false;
      await Promise.all(writers);
      await db.destroy();
      return inserted;
    },
  };
}

async function sweepAll(
  db: Database,
  asOf: Date,
): Promise<{ partitions: number; batchedRows: number; dropSeconds: number }> {
  const started = performance.now();
  const { dropped } = await dropExpiredLogPartitions(db, asOf);
  const dropSeconds = (performance.now() - started) / 1000;
  let batchedRows = 0;
  for (const region of REGIONS) batchedRows += (await sweepExpiredLogs(db, { region, asOf })).metadataRows;
  return { partitions: dropped.filter((n) => n.startsWith('gateway_requests_')).length, batchedRows, dropSeconds };
}

const count = async (db: Database) =>
  Number((await db('gateway_requests').count<Array<{ count: number }>>({ count: '*' }))[0]?.count);

const admin = createDatabase({ url: adminUrl, poolMax: 1 });
await admin.raw(`create database ${name}`);
const db = createDatabase({ url: url.toString(), poolMax: 4, applicationName: 'bench-sweep' });
try {
  await migrateToLatest(db);
  let started = performance.now();
  const accountIds = await load(db);
  console.log(
    `loaded ${ROWS.toLocaleString('en')} rows for ${ACCOUNTS} accounts over ${DAYS} days in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const baseline = startGateway(accountIds);
  await new Promise((r) => setTimeout(r, BASELINE_MS));
  const baselineRate = (await baseline.stop()) / (BASELINE_MS / 1000);

  const before = await count(db);
  const gateway = startGateway(accountIds);
  started = performance.now();
  const result = await sweepAll(db, new Date());
  const wallSeconds = (performance.now() - started) / 1000;
  const insertedDuringSweep = await gateway.stop();
  const removed = before + insertedDuringSweep - (await count(db));
  const sweepRate = insertedDuringSweep / wallSeconds;

  console.log(
    `sweep wall time:              ${wallSeconds.toFixed(2)} s (partition drops ${result.dropSeconds.toFixed(2)} s)`,
  );
  console.log(
    `rows removed:                 ${removed.toLocaleString('en')} (${result.partitions} daily partitions dropped, ${result.batchedRows.toLocaleString('en')} rows in batches)`,
  );
  console.log(`rows removed per second:      ${Math.round(removed / wallSeconds).toLocaleString('en')}`);
  console.log(`gateway inserts, no sweep:    ${Math.round(baselineRate).toLocaleString('en')} rows/s`);
  console.log(`gateway inserts, with sweep:  ${Math.round(sweepRate).toLocaleString('en')} rows/s`);
  console.log(`insert rate ratio:            ${(sweepRate / baselineRate).toFixed(2)} (target ≥ 0.8)`);
  const again = await sweepAll(db, new Date(Date.now() - 1_000));
  console.log(
    `second sweep removes:         ${again.batchedRows} rows, ${again.partitions} partitions (only rows that expired since the first)`,
  );
} finally {
  await db.destroy();
  await admin.raw(`drop database if exists ${name} with (force)`);
  await admin.destroy();
  await postgres.stop();
}
