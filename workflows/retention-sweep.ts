// Retention sweep of one region, started by its Temporal Schedule: drop fully
// expired daily partitions, then sweep each account by its plan, a page of
// accounts per activity, continuing as new so any number of accounts fits.
import { continueAsNew, defineQuery, proxyActivities, setHandler, upsertMemo, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  activityOptions,
  messageNames,
  searchAttributes,
  type RetentionSweepInput,
  type RetentionSweepStatus,
  type RetentionSweepTotals,
} from '../temporal.config';

export const retentionSweepStatusQuery = defineQuery<RetentionSweepStatus>(messageNames.retentionSweepStatus);

const ACCOUNTS_PER_PAGE = 100;
const PAGES_PER_RUN = 50;

const { dropExpiredLogPartitions, sweepRetentionPage } = proxyActivities<Activities>({ ...activityOptions.batch, heartbeatTimeout: '10s' });

export async function retentionSweepWorkflow(input: RetentionSweepInput): Promise<RetentionSweepStatus> {
  const asOf = input.asOf ?? new Date().toISOString();
  const totals: RetentionSweepTotals = input.totals ?? { accounts: 0, metadataRows: 0, fullLogRows: 0, partitionsDropped: 0 };
  const status: RetentionSweepStatus = { region: input.region, state: 'sweeping', asOf, totals };
  setHandler(retentionSweepStatusQuery, () => status);

  const show = () => {
    upsertSearchAttributes([
      { key: searchAttributes.workflowKind, value: 'retention-sweep' },
      { key: searchAttributes.status, value: status.state },
      { key: searchAttributes.dueAt, value: new Date(asOf) },
    ]);
    upsertMemo({
      summary: `Retention sweep of ${input.region} as of ${asOf}: ${totals.accounts} accounts, ${totals.metadataRows} metadata rows, ${totals.fullLogRows} full logs removed, ${totals.partitionsDropped} partitions dropped.`,
    });
  };
  show();

  if (!input.afterAccountId) {
    const partitions = await dropExpiredLogPartitions({ asOf });
    totals.partitionsDropped += partitions.dropped;
  }

  let after = input.afterAccountId;
  for (let page = 0; page < PAGES_PER_RUN; page += 1) {
    const result = await sweepRetentionPage({ region: input.region, asOf, limit: ACCOUNTS_PER_PAGE, ...(after ? { afterAccountId: after } : {}) });
    totals.accounts += result.accounts;
    totals.metadataRows += result.metadataRows;
    totals.fullLogRows += result.fullLogRows;
    if (!result.nextAfterAccountId) {
      status.state = 'completed';
      show();
      return status;
    }
    after = result.nextAfterAccountId;
    if (workflowInfo().continueAsNewSuggested) break;
  }
  show();
  return continueAsNew<typeof retentionSweepWorkflow>({ region: input.region, asOf, afterAccountId: after, totals });
}
