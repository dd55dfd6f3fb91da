import { dropExpiredLogPartitions } from '../platform/lifecycle/log-partitions';
import { accountRetentionPage, sweepAccountLogs } from '../platform/lifecycle/retention';
import type { ActivityDeps } from './index';
import { whileHeartbeating } from './heartbeats';

export interface RetentionPageResult {
  accounts: number;
  metadataRows: number;
  fullLogRows: number;
  /** The last account of a full page; null when the region has no more accounts. */
  nextAfterAccountId: string | null;
}

/** Activities of the retention sweep. Both are safe to repeat: expired rows are gone, and a second pass finds none. */
export function createRetentionActivities({ db, logger }: ActivityDeps) {
  return {
    async dropExpiredLogPartitions(input: { asOf: string }): Promise<{ dropped: number; skipped: number }> {
      const result = await whileHeartbeating(() => dropExpiredLogPartitions(db, new Date(input.asOf)));
      if (result.skipped.length > 0) logger.info({ skipped: result.skipped }, 'partitions busy; their rows are deleted in batches');
      return { dropped: result.dropped.length, skipped: result.skipped.length };
    },

    async sweepRetentionPage(input: { region: string; asOf: string; afterAccountId?: string; limit: number }): Promise<RetentionPageResult> {
      return whileHeartbeating(async () => {
        const accounts = await accountRetentionPage(db, { ...input, asOf: new Date(input.asOf) });
        const result: RetentionPageResult = { accounts: accounts.length, metadataRows: 0, fullLogRows: 0, nextAfterAccountId: null };
        for (const account of accounts) {
          const counts = await sweepAccountLogs(db, account);
          result.metadataRows += counts.metadataRows;
          result.fullLogRows += counts.fullLogRows;
        }
        if (accounts.length === input.limit) result.nextAfterAccountId = accounts.at(-1)?.accountId ?? null;
        return result;
      });
    },
  };
}
