import { Context } from '@temporalio/activity';
import { noticeStaleApiKeys } from '../platform/accounts/stale-api-keys';
import type { Region } from '../platform/config/config';
import { deleteUnverifiedChildReports } from '../platform/data-subject-requests/child-reports';
import { expireUnverifiedRequests } from '../platform/data-subject-requests/requests';
import { dropExpiredLogPartitions } from '../platform/retention/log-partitions';
import { sweepExpiredLogs, type SweepTotals } from '../platform/retention/retention';
import type { ActivityDeps } from './index';
import { whileHeartbeating } from './heartbeats';

/** Activities of the retention sweep. Each is safe to repeat: expired rows are gone, and a second pass finds none. */
export function createRetentionActivities({ db, logger, mailer, config }: ActivityDeps) {
  return {
    async dropExpiredLogPartitions(input: { asOf: string }): Promise<{ dropped: number; skipped: number }> {
      const result = await whileHeartbeating(() => dropExpiredLogPartitions(db, new Date(input.asOf)));
      if (result.skipped.length > 0)
        logger.info({ skipped: result.skipped }, 'partitions busy; their rows are deleted in batches');
      return { dropped: result.dropped.length, skipped: result.skipped.length };
    },

    async expireUnverifiedDataSubjectRequests(input: { asOf: string }): Promise<{ expired: number }> {
      const expired = await expireUnverifiedRequests(db, new Date(input.asOf));
      if (expired > 0) logger.info({ expired }, 'unverified data-subject requests closed');
      // Reports about children wait for their reporter's link the same way; unconfirmed ones are deleted.
      const reports = await deleteUnverifiedChildReports(db, new Date(input.asOf));
      if (reports > 0) logger.info({ reports }, 'unverified child reports deleted');
      return { expired };
    },

    /** E-mails owners about API keys unused for the stale period, once per key and idle spell (stale-api-keys.ts). */
    async noticeStaleApiKeys(input: { region: Region; asOf: string }): Promise<{ keys: number; mails: number }> {
      const result = await noticeStaleApiKeys(db, mailer, {
        region: input.region,
        staleAfterDays: config.apiKeys.staleAfterDays,
        asOf: new Date(input.asOf),
        apiUrl: config.api.publicUrl,
      });
      if (result.mails > 0) logger.info(result, 'owners told about stale API keys');
      return result;
    },

    async sweepExpiredLogs(input: { region: Region; asOf: string }): Promise<SweepTotals> {
      const signal = Context.current().cancellationSignal;
      return whileHeartbeating(() =>
        sweepExpiredLogs(db, {
          region: input.region,
          asOf: new Date(input.asOf),
          onBatch: () => signal.throwIfAborted(),
        }),
      );
    },
  };
}
