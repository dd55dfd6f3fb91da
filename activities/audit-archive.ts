import { heartbeat } from '@temporalio/activity';
import type { AuditArchiveInput } from '../temporal.config';
import { archiveAuditDay, pendingArchiveDays } from '../platform/audit/audit-archive';
import type { ActivityDeps } from './index';

export function createAuditArchiveActivities(deps: ActivityDeps) {
  return {
    /** Archives every closed day not yet archived (catching up after an outage), oldest first. */
    async archiveAuditTrail(input: AuditArchiveInput): Promise<{ days: string[]; entries: number }> {
      const now = new Date();
      const days = await pendingArchiveDays(deps.db, input.region, now);
      let entries = 0;
      for (const day of days) {
        heartbeat(day);
        entries += (await archiveAuditDay(deps, input.region, day, now)).entryCount;
      }
      return { days, entries };
    },
  };
}
