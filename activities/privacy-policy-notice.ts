import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import {
  beginPolicyNotices,
  cancelPolicyVersion,
  findPolicyVersion,
  makePolicyCurrent,
  markPolicyScheduled,
} from '../platform/privacy-policy/privacy-policy';
import type { Region } from '../platform/config/config';
import {
  policyVersionCopy,
  sendPolicyNoticeBatch,
  stagePolicyVersion,
  type NoticeBatchResult,
  type PolicyVersionCopy,
} from '../platform/privacy-policy/privacy-policy-notices';
import type { ActivityDeps } from './index';
import { whileHeartbeating } from './heartbeats';
import { withBusinessFailures } from './lifecycle-failures';

/** Mails in flight at once within a batch; each holds a database connection while it sends (size DATABASE_POOL_MAX and the SMTP pool for it). */
const NOTICE_SEND_CONCURRENCY = 16;

/**
 * Activities of the privacy-policy notice workflow. All idempotent. Each runs on one region's task queue
 * and touches only that region's database (`db`): the primary's for the version itself, each region's
 * for its users and their notice records.
 */
export function createPrivacyPolicyNoticeActivities({ db, mailer, config }: ActivityDeps) {
  const versionNotFound = (versionId: string) =>
    ApplicationFailure.nonRetryable(`privacy-policy version ${versionId} does not exist`, 'PolicyVersionNotFound');
  return {
    /** In the primary's database: what every region's notices say. */
    async readPolicyVersion(input: { versionId: string }): Promise<PolicyVersionCopy> {
      const version = await findPolicyVersion(db, input.versionId);
      if (!version) throw versionNotFound(input.versionId);
      return policyVersionCopy(version);
    },

    /** In a region's database: the version its notice records refer to. */
    async stagePolicyVersion(input: PolicyVersionCopy): Promise<void> {
      await stagePolicyVersion(db, input);
    },

    async beginPolicyNotices(input: {
      versionId: string;
      startAt: string;
    }): Promise<{ effectiveAt: string; version: string }> {
      const version = await withBusinessFailures(() =>
        beginPolicyNotices(db, { versionId: input.versionId, startAt: new Date(input.startAt) }),
      );
      return { effectiveAt: version.effectiveAt.toISOString(), version: version.version };
    },

    async sendPolicyNoticeBatch(input: {
      versionId: string;
      regions?: Region[];
      afterUserId?: string;
      limit: number;
    }): Promise<NoticeBatchResult> {
      const version = await findPolicyVersion(db, input.versionId);
      if (!version) throw versionNotFound(input.versionId);
      const signal = Context.current().cancellationSignal;
      return whileHeartbeating(() =>
        sendPolicyNoticeBatch(
          { db, mailer, config },
          { ...input, version, concurrency: NOTICE_SEND_CONCURRENCY, signal },
        ),
      );
    },

    async markPolicyScheduled(input: { versionId: string; noticesSent: number }): Promise<void> {
      await markPolicyScheduled(db, input);
    },

    async makePolicyCurrent(input: { versionId: string }): Promise<void> {
      await withBusinessFailures(() => makePolicyCurrent(db, input));
    },

    async cancelPolicyVersion(input: { versionId: string }): Promise<boolean> {
      return cancelPolicyVersion(db, input);
    },
  };
}
