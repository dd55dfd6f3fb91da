// Announcement: mail every eligible user of every region once, region after
// region, in batches (continuing as new so millions of users fit), then record
// how many were mailed. Each region's batches run on that region's task queue,
// so its worker reads and writes only its own database.
import {
  continueAsNew,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { Region } from '../platform/config/config';
import {
  activityOptions,
  searchAttributes,
  taskQueueFor,
  type AnnouncementInput,
  type AnnouncementStatus,
} from '../temporal.config';
import { announcementStatus } from './announcement-messages';

const DEFAULT_BATCH_SIZE = 500;
/** Batches per run before continuing as new, to keep each run's history small. */
const BATCHES_PER_RUN = 10;

const database = proxyActivities<Activities>(activityOptions.database);
const batches = proxyActivities<Activities>({ ...activityOptions.batch, heartbeatTimeout: '10s' });

/** Activities on the task queue of a group's first region (its worker holds their database); without a group, this run's own queue. */
function inRegions(regions: Region[] | null) {
  const [first] = regions ?? [];
  if (!first) return { database, batches };
  const taskQueue = taskQueueFor(first);
  return {
    database: proxyActivities<Activities>({ ...activityOptions.database, taskQueue }),
    batches: proxyActivities<Activities>({ ...activityOptions.batch, heartbeatTimeout: '10s', taskQueue }),
  };
}

export async function announcementWorkflow(input: AnnouncementInput): Promise<AnnouncementStatus> {
  const status: AnnouncementStatus = { announcementId: input.announcementId, state: 'sending', sent: input.sent ?? 0 };
  setHandler(announcementStatus, () => status);

  const groups: Array<Region[] | null> = input.regions ?? [null];
  let recipients = input.recipients ?? 0;
  let after = input.afterUserId;
  let batch = 0;
  for (let index = input.regionIndex ?? 0; index < groups.length; index += 1) {
    const regions = groups[index] ?? null;
    const regional = inRegions(regions);
    // The region's own copy of the announcement, which its delivery records refer to.
    if (regions && !after)
      await regional.database.stageAnnouncement(
        await database.readAnnouncement({ announcementId: input.announcementId }),
      );
    for (; ; batch += 1) {
      if (batch === BATCHES_PER_RUN || workflowInfo().continueAsNewSuggested) {
        upsertMemo({ summary: `Announcement ${input.announcementId}: ${status.sent} mails sent so far.` });
        return continueAsNew<typeof announcementWorkflow>({
          ...input,
          regionIndex: index,
          afterUserId: after,
          sent: status.sent,
          recipients,
        });
      }
      const result = await regional.batches.sendAnnouncementBatch({
        announcementId: input.announcementId,
        limit: input.batchSize ?? DEFAULT_BATCH_SIZE,
        ...(regions ? { regions } : {}),
        ...(after ? { afterUserId: after } : {}),
      });
      status.sent += result.sent;
      if (!result.nextAfterUserId) break;
      after = result.nextAfterUserId;
    }
    after = undefined;
    // Counted from the region's delivery records: users an interrupted attempt reached count too, once.
    if (regions)
      recipients += await regional.database.countAnnouncementDeliveries({
        announcementId: input.announcementId,
        regions,
      });
  }

  status.sent = await database.completeAnnouncement({
    announcementId: input.announcementId,
    ...(input.regions ? { recipients } : {}),
  });
  status.state = 'sent';
  upsertSearchAttributes([{ key: searchAttributes.status, value: 'sent' }]);
  upsertMemo({ summary: `Announcement ${input.announcementId}: sent to ${status.sent} users.` });
  return status;
}
