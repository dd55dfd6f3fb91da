import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import {
  announcementCopy,
  completeAnnouncement,
  countRegionalDeliveries,
  findAnnouncement,
  sendAnnouncementBatch,
  stageAnnouncement,
  type AnnouncementBatchResult,
  type AnnouncementCopy,
} from '../platform/announcements/announcements';
import type { Region } from '../platform/config/config';
import type { ActivityDeps } from './index';
import { whileHeartbeating } from './heartbeats';

/** Mails in flight at once within a batch; each holds a database connection while it sends (size DATABASE_POOL_MAX and the SMTP pool for it). */
const ANNOUNCEMENT_SEND_CONCURRENCY = 16;

/**
 * Activities of the announcement workflow. All idempotent. Each runs on one region's task queue and
 * touches only that region's database (`db`): the primary's for the announcement itself, each
 * region's for its users and their delivery records.
 */
export function createAnnouncementActivities({ db, mailer, config }: ActivityDeps) {
  const announcementNotFound = (id: string) =>
    ApplicationFailure.nonRetryable(`announcement ${id} does not exist`, 'AnnouncementNotFound');
  return {
    /** In the primary's database: the text every region mails. */
    async readAnnouncement(input: { announcementId: string }): Promise<AnnouncementCopy> {
      const announcement = await findAnnouncement(db, input.announcementId);
      if (!announcement) throw announcementNotFound(input.announcementId);
      return announcementCopy(announcement);
    },

    /** In a region's database: the announcement its delivery records refer to. */
    async stageAnnouncement(input: AnnouncementCopy): Promise<void> {
      await stageAnnouncement(db, input);
    },

    /** In a region's database: how many of its users the announcement reached. */
    async countAnnouncementDeliveries(input: { announcementId: string; regions: Region[] }): Promise<number> {
      return countRegionalDeliveries(db, input.announcementId, input.regions);
    },

    async sendAnnouncementBatch(input: {
      announcementId: string;
      regions?: Region[];
      afterUserId?: string;
      limit: number;
    }): Promise<AnnouncementBatchResult> {
      const announcement = await findAnnouncement(db, input.announcementId);
      if (!announcement) throw announcementNotFound(input.announcementId);
      const signal = Context.current().cancellationSignal;
      return whileHeartbeating(() =>
        sendAnnouncementBatch(
          { db, mailer, config },
          {
            announcement,
            regions: input.regions,
            afterUserId: input.afterUserId,
            limit: input.limit,
            concurrency: ANNOUNCEMENT_SEND_CONCURRENCY,
            signal,
          },
        ),
      );
    },

    /** In the primary's database; `recipients` summed over the regions (counted here when absent). */
    async completeAnnouncement(input: { announcementId: string; recipients?: number }): Promise<number> {
      return completeAnnouncement(db, input.announcementId, input.recipients);
    },
  };
}
