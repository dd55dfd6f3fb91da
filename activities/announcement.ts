import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import {
  completeAnnouncement,
  findAnnouncement,
  sendAnnouncementBatch,
  type AnnouncementBatchResult,
} from '../platform/announcements/announcements';
import type { ActivityDeps } from './index';
import { whileHeartbeating } from './heartbeats';

/** Mails in flight at once within a batch; each holds a database connection while it sends (size DATABASE_POOL_MAX and the SMTP pool for it). */
const ANNOUNCEMENT_SEND_CONCURRENCY = 16;

/** Activities of the announcement workflow. All idempotent. */
export function createAnnouncementActivities({ db, mailer, config }: ActivityDeps) {
  return {
    async sendAnnouncementBatch(input: {
      announcementId: string;
      afterUserId?: string;
      limit: number;
    }): Promise<AnnouncementBatchResult> {
      const announcement = await findAnnouncement(db, input.announcementId);
      if (!announcement)
        throw ApplicationFailure.nonRetryable(
          `announcement ${input.announcementId} does not exist`,
          'AnnouncementNotFound',
        );
      const signal = Context.current().cancellationSignal;
      return whileHeartbeating(() =>
        sendAnnouncementBatch(
          { db, mailer, config },
          {
            announcement,
            afterUserId: input.afterUserId,
            limit: input.limit,
            concurrency: ANNOUNCEMENT_SEND_CONCURRENCY,
            signal,
          },
        ),
      );
    },

    async completeAnnouncement(input: { announcementId: string }): Promise<number> {
      return completeAnnouncement(db, input.announcementId);
    },
  };
}
