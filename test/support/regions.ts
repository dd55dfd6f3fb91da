import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { RegionalServices } from '../../activities/worker/services';
import { bundleWorkflows, createAutraceWorker } from '../../activities/worker/worker';
import { REGIONS, type Region } from '../../platform/config/config';
import type { Database } from '../../platform/database/database';
import { taskQueueFor } from '../../temporal.config';

/** The tables (every table and partition of the schema) with a row whose text holds `needle`, case-insensitively. */
export async function tablesMentioning(db: Database, needle: string): Promise<{ tables: number; found: string[] }> {
  const { rows: tables } = await db.raw<{ rows: Array<{ name: string }> }>(
    `select quote_ident(c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')`,
  );
  const found: string[] = [];
  for (const { name } of tables) {
    const { rows } = await db.raw<{ rows: Array<{ n: number }> }>(
      `select count(*)::int as n from ${name} t where t::text ilike ?`,
      [`%${needle}%`],
    );
    if ((rows[0]?.n ?? 0) > 0) found.push(name);
  }
  return { tables: tables.length, found };
}

/** A worker per region on the time-skipping environment, each on its region's queue with its region's services. */
export async function startRegionalWorkers(
  env: TestWorkflowEnvironment,
  services: RegionalServices,
  regions: readonly Region[] = REGIONS,
): Promise<{ workers: Worker[]; running: Array<Promise<void>> }> {
  const workflowBundleCode = await bundleWorkflows();
  const workers = await Promise.all(
    regions.map((region) =>
      createAutraceWorker({
        connection: env.nativeConnection,
        namespace: env.namespace ?? 'default',
        taskQueue: taskQueueFor(region),
        deps: services.of(region),
        workflowBundleCode,
      }),
    ),
  );
  return { workers, running: workers.map((worker) => worker.run()) };
}
