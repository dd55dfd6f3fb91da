/**
 * npm run bench:export — exports an account with 1,000,000 metadata rows and
 * 10,000 full-log rows to S3 and prints rows per second and this process's
 * peak memory, against a baseline measured in the same run: reading the same
 * rows as the export does (full logs stay sealed) without packaging or
 * uploading them.
 *
 * Postgres: DATABASE_URL when set, else an embedded server for the run; a throwaway
 * database. S3: a moto server started here. Sizes: BENCH_METADATA_ROWS,
 * BENCH_FULL_LOG_ROWS.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sealFullLog } from '../platform/full-logs/full-log-envelope';
import { loadConfig } from '../platform/config/config';
import { createDataKey } from '../platform/crypto/envelope';
import { createDatabase, type Database } from '../platform/database/database';
import { migrateToLatest } from '../platform/database/migrations';
import { categorySources, type ExportContext } from '../platform/exports/export-categories';
import { createExportRecord, runExport } from '../platform/exports/export-runs';
import { createObjectStorage, ensureBuckets } from '../platform/storage/object-storage';
import { freePort, startMotoServer, startPostgresUnlessConfigured } from './local-services';

const METADATA_ROWS = Number(process.env.BENCH_METADATA_ROWS ?? 1_000_000);
const FULL_LOG_ROWS = Number(process.env.BENCH_FULL_LOG_ROWS ?? 10_000);
const TARGET_PEAK_MB = 250;
const PHASE_HEAP_MB = Number(process.env.BENCH_PHASE_HEAP_MB ?? 128);

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

interface PhaseResult {
  rows: number;
  seconds: number;
  peakRssMb: number;
  sizeBytes?: number;
}

/**
 * Each measured phase runs in a fresh process, as a worker would, so its peak
 * RSS (getrusage maxrss) is the phase's own and not the seeding's.
 */
function runPhase(phase: 'baseline' | 'export', env: Record<string, string>): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    // A capped old space makes V8 collect instead of growing lazily: a phase that
    // held rows would fail here rather than merely look big.
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${PHASE_HEAP_MB}`, '--import', 'tsx', fileURLToPath(import.meta.url), phase],
      {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code === 0) resolve(JSON.parse(line) as PhaseResult);
      else reject(new Error(`${phase} phase exited with ${code}: ${out}`));
    });
  });
}

async function phaseMain(phase: string): Promise<void> {
  const config = loadConfig();
  const db = createDatabase({ url: config.database.url, poolMax: 4, applicationName: 'autrace-bench' });
  const storage = createObjectStorage(config.s3);
  const accountId = process.env.BENCH_ACCOUNT_ID ?? '';
  const started = process.hrtime.bigint();
  let result: Omit<PhaseResult, 'seconds' | 'peakRssMb'>;
  try {
    if (phase === 'baseline') {
      result = { rows: await baseline({ db, masterKey: config.keys.master, batchSize: 5_000, scope: { accountId } }) };
    } else {
      const record = await createExportRecord(db, { accountId, kind: 'owner', region: 'eu' });
      const { record: done } = await runExport(
        { config, db, storage },
        { exportId: record.id, categories: ['gateway_requests', 'gateway_full_logs'] },
      );
      result = { rows: Object.values(done.row_counts).reduce((a, b) => a + b, 0), sizeBytes: done.size_bytes ?? 0 };
    }
  } finally {
    storage.destroy();
    await db.destroy();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // maxRSS is in kilobytes on Linux.
  console.log(JSON.stringify({ ...result, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}

async function seed(db: Database, masterKey: Buffer): Promise<string> {
  const accountId = randomUUID();
  const { dataKey, wrapped } = createDataKey(masterKey, accountId);
  await db('accounts').insert({
    id: accountId,
    name: 'Bench',
    plan: 'enterprise',
    region: 'eu',
    full_logging: true,
    data_key_wrapped: wrapped,
  });
  await db('users').insert({
    account_id: accountId,
    email: 'bench@example.test',
    name: 'Bench',
    password_hash: 'x',
    role: 'owner',
  });
  // Spread over the last week so rows land in the daily partitions.
  await db.raw(
    `insert into gateway_requests (id, created_at, account_id, endpoint, provider, model, verdict, prompt_tokens, completion_tokens, latency_ms, status)
     select gen_random_uuid(), now() - make_interval(secs => g * 0.5), ?, '/v1/chat/completions', 'openai', 'gpt-4o-mini',
            case when g % 10 = 0 then 'BLOCK' else 'ALLOW' end, 100 + g % 500, 50 + g % 300, 80 + g % 900, 200
     from generate_series(1, ?) g`,
    [accountId, METADATA_ROWS],
  );
  const ids = await db('gateway_requests')
    .select('id', 'created_at')
    .where({ account_id: accountId })
    .limit(FULL_LOG_ROWS);
  const prompt = 'Summarise the attached quarterly report in three bullet points. '.repeat(8);
  for (let i = 0; i < ids.length; i += 1000) {
    await db('gateway_full_logs').insert(
      ids.slice(i, i + 1000).map((row) =>
        sealFullLog({
          requestId: row.id,
          accountId,
          createdAt: row.created_at.toISOString(),
          dataKey,
          prompt: [prompt],
          completion: 'Revenue up, costs flat, outlook stable.',
        }),
      ),
    );
  }
  await db.raw('analyze gateway_requests; analyze gateway_full_logs');
  return accountId;
}

async function baseline(context: ExportContext): Promise<number> {
  let rows = 0;
  for (const category of ['gateway_requests', 'gateway_full_logs'] as const) {
    for await (const batch of categorySources[category].batches(context)) rows += batch.length;
  }
  return rows;
}

const phase = process.argv[2];
if (phase === 'baseline' || phase === 'export') {
  await phaseMain(phase);
} else {
  await orchestrate();
}

async function orchestrate(): Promise<void> {
  const postgres = await startPostgresUnlessConfigured('bench-pg');
  const adminUrl = postgres.adminUrl;
  const name = `autrace_bench_${randomBytes(5).toString('hex')}`;
  const admin = createDatabase({ url: adminUrl, poolMax: 1 });
  await admin.raw(`create database ${name}`);
  const moto = await startMotoServer(await freePort(), path.join(os.tmpdir(), 'autrace-bench-moto.log'));
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: withDatabase(adminUrl, name),
    S3_ENDPOINT: moto.url,
    S3_ACCESS_KEY_ID: 'test',
    S3_SECRET_ACCESS_KEY: 'test',
    S3_BUCKET_EU: `autrace-bench-${randomBytes(4).toString('hex')}`,
    S3_OBJECT_LOCK_MODE: 'OFF',
  };
  const config = loadConfig(env);
  const db = createDatabase({ url: config.database.url, poolMax: 4, applicationName: 'autrace-bench' });
  const storage = createObjectStorage(config.s3);
  try {
    await migrateToLatest(db);
    await ensureBuckets(storage, ['eu']);
    console.log(
      `seeding ${METADATA_ROWS.toLocaleString()} metadata rows and ${FULL_LOG_ROWS.toLocaleString()} full logs…`,
    );
    const accountId = await seed(db, config.keys.master);
    const phaseEnv = { ...env, BENCH_ACCOUNT_ID: accountId };
    const base = await runPhase('baseline', phaseEnv);
    const exported = await runPhase('export', phaseEnv);
    const baseRate = base.rows / base.seconds;
    const exportRate = exported.rows / exported.seconds;
    console.log(
      `baseline  read:         ${base.rows.toLocaleString()} rows in ${base.seconds.toFixed(1)} s = ${Math.round(baseRate).toLocaleString()} rows/s, peak RSS ${base.peakRssMb.toFixed(0)} MB`,
    );
    console.log(
      `export    ZIP→S3:       ${exported.rows.toLocaleString()} rows in ${exported.seconds.toFixed(1)} s = ${Math.round(exportRate).toLocaleString()} rows/s ` +
        `(${(exportRate / baseRate).toFixed(2)}× baseline; JSON and CSV each read the rows once)`,
    );
    console.log(`archive size: ${((exported.sizeBytes ?? 0) / 1024 / 1024).toFixed(1)} MB`);
    console.log(
      `worker peak RSS during export: ${exported.peakRssMb.toFixed(0)} MB (target < ${TARGET_PEAK_MB} MB) ${exported.peakRssMb < TARGET_PEAK_MB ? 'OK' : 'OVER TARGET'}`,
    );
  } finally {
    storage.destroy();
    await db.destroy();
    await admin.raw(`drop database if exists ${name} with (force)`);
    await admin.destroy();
    await moto.stop();
    await postgres.stop();
  }
}
