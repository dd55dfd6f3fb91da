import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { scheduleIds, searchAttributes, taskQueueFor, workflowIds } from '../../temporal.config';
import { REGIONS, type Config, type Region } from '../config/config';
import type { Logger } from '../observability/logger';
import { startWorkflowAction } from './workflow-types';

/**
 * The regions that archive an audit chain: each database holds one chain, archived by one region into
 * its own bucket. The primary database's chain goes to s3.auditArchivePrimaryRegion (when that region
 * shares the primary's database, else to the primary region); a region with a database of its own
 * archives its own chain, which holds only its accounts' entries.
 */
export function auditArchiveRegions(config: Config): Region[] {
  const { primary, databases } = config.regions;
  const archivist = config.s3.auditArchivePrimaryRegion;
  const sharesPrimary = (region: Region) => databases[region].url === databases[primary].url;
  const regions: Region[] = [sharesPrimary(archivist) ? archivist : primary];
  const seen = new Set([databases[primary].url]);
  for (const region of REGIONS) {
    if (seen.has(databases[region].url)) continue;
    seen.add(databases[region].url);
    regions.push(region);
  }
  return regions;
}

/**
 * Each chain (see auditArchiveRegions) is archived daily shortly after midnight UTC by a workflow on its
 * region's task queue, for the regions in `serving` (a worker's WORKER_REGIONS). Idempotent: an existing
 * Schedule is left as it is.
 */
export async function ensureAuditArchiveSchedules(
  client: Client,
  config: Config,
  logger: Logger,
  serving: readonly Region[] = REGIONS,
): Promise<void> {
  for (const region of auditArchiveRegions(config)) {
    if (serving.includes(region)) await ensureAuditArchiveSchedule(client, region, logger);
  }
}

async function ensureAuditArchiveSchedule(client: Client, region: Region, logger: Logger): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: scheduleIds.auditArchive(region),
      spec: { calendars: [{ hour: 0, minute: 15 }] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '7d' },
      action: startWorkflowAction('auditArchiveWorkflow', {
        args: [{ region }],
        taskQueue: taskQueueFor(region),
        workflowId: workflowIds.auditArchive(region),
        typedSearchAttributes: [{ key: searchAttributes.workflowKind, value: 'audit-archive' }],
      }),
    });
    logger.info({ region }, 'audit archive schedule created');
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
}
