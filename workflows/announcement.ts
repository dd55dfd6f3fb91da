// Announcement: mail every eligible user once, in batches (continuing as new
// so millions of users fit), then record how many were mailed.
import {
  continueAsNew,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { activityOptions, searchAttributes, type AnnouncementInput, type AnnouncementStatus } from '../temporal.config';
import { announcementStatus } from './announcement-messages';

const DEFAULT_BATCH_SIZE = 500;
/** Batches per run before continuing as new, to keep each run's history small. */
const BATCHES_PER_RUN = 10;

const database = proxyActivities<Activities>(activityOptions.database);
const batches = proxyActivities<Activities>({ ...activityOptions.batch, heartbeatTimeout: '10s' });

export async function announcementWorkflow(input: AnnouncementInput): Promise<AnnouncementStatus> {
  const status: AnnouncementStatus = { announcementId: input.announcementId, state: 'sending', sent: input.sent ?? 0 };
  setHandler(announcementStatus, () => status);

  let after = input.afterUserId;
  for (let batch = 0; ; batch += 1) {
    if (batch === BATCHES_PER_RUN || workflowInfo().continueAsNewSuggested) {
      upsertMemo({ summary: `Announcement ${input.announcementId}: ${status.sent} mails sent so far.` });
      return continueAsNew<typeof announcementWorkflow>({ ...input, afterUserId: after, sent: status.sent });
    }
    const result = await batches.sendAnnouncementBatch({
      announcementId: input.announcementId,
      limit: input.batchSize ?? DEFAULT_BATCH_SIZE,
      ...(after ? { afterUserId: after } : {}),
    });
    status.sent += result.sent;
    if (!result.nextAfterUserId) break;
    after = result.nextAfterUserId;
  }

  // Counted from the delivery records: users an interrupted attempt reached count too, once.
  status.sent = await database.completeAnnouncement({ announcementId: input.announcementId });
  status.state = 'sent';
  upsertSearchAttributes([{ key: searchAttributes.status, value: 'sent' }]);
  upsertMemo({ summary: `Announcement ${input.announcementId}: sent to ${status.sent} users.` });
  return status;
}
