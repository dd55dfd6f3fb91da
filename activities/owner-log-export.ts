import { heartbeat } from '@temporalio/activity';
import { markOwnerLogExportFailed, runOwnerLogExport } from '../platform/exports/owner-log-exports';
import type { ActivityDeps } from './index';

export function createOwnerLogExportActivities(deps: ActivityDeps) {
  return {
    /** Writes the archive; a retry after completion returns the finished export. */
    async runOwnerLogExport(input: { exportId: string }): Promise<{ rowsWritten: number }> {
      const beat = setInterval(() => heartbeat('exporting'), 10_000);
      try {
        const row = await runOwnerLogExport(deps, input.exportId);
        return { rowsWritten: row.rows_written };
      } finally {
        clearInterval(beat);
      }
    },

    async markOwnerLogExportFailed(input: { exportId: string }): Promise<void> {
      await markOwnerLogExportFailed(deps.db, input.exportId);
    },
  };
}
