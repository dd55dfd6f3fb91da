// Retention sweep of one region, started by its Temporal Schedule: drop the
// daily partitions in which every row has expired, then delete the remaining
// expired rows of each account by its plan, in bounded batches.
import { patched, proxyActivities, setHandler, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  activityOptions,
  searchAttributes,
  type RetentionSweepInput,
  type RetentionSweepStatus,
  type RetentionSweepTotals,
} from '../temporal.config';

import { retentionSweepStatus } from './retention-sweep-messages';

// A sweep after long downtime can run for a while; it heartbeats every second, so a dead worker is noticed quickly.
const { dropExpiredLogPartitions, expireUnverifiedDataSubjectRequests, noticeStaleApiKeys, sweepExpiredLogs } =
  proxyActivities<Activities>({
    ...activityOptions.batch,
    startToCloseTimeout: '2h',
    heartbeatTimeout: '10s',
  });

export async function retentionSweepWorkflow(input: RetentionSweepInput): Promise<RetentionSweepStatus> {
  const asOf = input.asOf ?? new Date().toISOString();
  const totals: RetentionSweepTotals = { accounts: 0, metadataRows: 0, fullLogRows: 0, partitionsDropped: 0 };
  const status: RetentionSweepStatus = { region: input.region, state: 'sweeping', asOf, totals };
  setHandler(retentionSweepStatus, () => status);

  const show = () => {
    upsertSearchAttributes([
      { key: searchAttributes.workflowKind, value: 'retention-sweep' },
      { key: searchAttributes.status, value: status.state },
      { key: searchAttributes.dueAt, value: new Date(asOf) },
    ]);
    upsertMemo({
      summary: `Retention sweep of ${input.region} as of ${asOf}: ${totals.accounts} accounts, ${totals.metadataRows} metadata rows and ${totals.fullLogRows} full logs removed in batches, ${totals.partitionsDropped} partitions dropped.`,
    });
  };
  show();

  const partitions = await dropExpiredLogPartitions({ asOf });
  totals.partitionsDropped = partitions.dropped;
  const swept = await sweepExpiredLogs({ region: input.region, asOf });
  Object.assign(totals, swept);
  // Public requests whose link expired unverified are closed here (the request workflow starts only at verification).
  if (patched('expire-unverified-requests')) await expireUnverifiedDataSubjectRequests({ asOf });
  // Owners hear once about each API key of the region's accounts that has gone unused for the stale period.
  if (patched('stale-api-key-notices')) await noticeStaleApiKeys({ region: input.region, asOf });
  status.state = 'completed';
  show();
  return status;
}
