// Privacy-policy change: notify every user of every region once, region after
// region, in batches (continuing as new so millions of users fit), wait until
// the effective date, make the version current. Each region's batches run on
// that region's task queue, so its worker reads and writes only its own
// database. Operators can cancel it until it takes effect.
import {
  condition,
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
  type PrivacyPolicyNoticeInput,
  type PrivacyPolicyNoticeState,
  type PrivacyPolicyNoticeStatus,
} from '../temporal.config';

import { cancelPrivacyPolicyNotice, privacyPolicyNoticeStatus } from './privacy-policy-notice-messages';

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

export async function privacyPolicyNoticeWorkflow(input: PrivacyPolicyNoticeInput): Promise<PrivacyPolicyNoticeStatus> {
  const status: PrivacyPolicyNoticeStatus = {
    versionId: input.versionId,
    state: 'notifying',
    effectiveAt: null,
    noticesSent: input.sent ?? 0,
  };
  let cancelRequested = false;
  setHandler(privacyPolicyNoticeStatus, () => status);
  setHandler(cancelPrivacyPolicyNotice, () => {
    if (status.state !== 'current') cancelRequested = true;
  });

  const show = (state: PrivacyPolicyNoticeState, summary: string) => {
    status.state = state;
    upsertSearchAttributes([
      { key: searchAttributes.workflowKind, value: 'privacy-policy-notice' },
      { key: searchAttributes.status, value: state },
      ...(status.effectiveAt ? [{ key: searchAttributes.dueAt, value: new Date(status.effectiveAt) }] : []),
    ]);
    upsertMemo({ summary });
  };

  // Idempotent: the first run starts the notices (refusing a date under 14 days away); later runs read the same version.
  const version = await database.beginPolicyNotices({ versionId: input.versionId, startAt: new Date().toISOString() });
  status.effectiveAt = version.effectiveAt;
  const effectiveDay = version.effectiveAt.slice(0, 10);
  show(
    'notifying',
    `Privacy policy ${version.version}: notifying users (${status.noticesSent} so far); takes effect ${effectiveDay}.`,
  );

  const cancel = async () => {
    await database.cancelPolicyVersion({ versionId: input.versionId });
    show(
      'cancelled',
      `Privacy policy ${version.version} cancelled before taking effect; ${status.noticesSent} users had been notified.`,
    );
    return status;
  };

  const groups: Array<Region[] | null> = input.regions ?? [null];
  let after = input.afterUserId;
  let batch = 0;
  for (let index = input.regionIndex ?? 0; index < groups.length; index += 1) {
    const regions = groups[index] ?? null;
    const regional = inRegions(regions);
    // The region's own row of the version, which its notice records refer to.
    if (regions && !after)
      await regional.database.stagePolicyVersion(await database.readPolicyVersion({ versionId: input.versionId }));
    for (; ; batch += 1) {
      if (cancelRequested) return cancel();
      if (batch === BATCHES_PER_RUN || workflowInfo().continueAsNewSuggested) {
        return continueAsNew<typeof privacyPolicyNoticeWorkflow>({
          ...input,
          regionIndex: index,
          afterUserId: after,
          sent: status.noticesSent,
        });
      }
      const result = await regional.batches.sendPolicyNoticeBatch({
        versionId: input.versionId,
        limit: input.batchSize ?? DEFAULT_BATCH_SIZE,
        ...(regions ? { regions } : {}),
        ...(after ? { afterUserId: after } : {}),
      });
      // Users an interrupted attempt already reached count too: they were notified, once.
      status.noticesSent += result.sent + result.alreadyNotified;
      if (!result.nextAfterUserId) break;
      after = result.nextAfterUserId;
    }
    after = undefined;
  }

  await database.markPolicyScheduled({ versionId: input.versionId, noticesSent: status.noticesSent });
  show(
    'scheduled',
    `Privacy policy ${version.version}: ${status.noticesSent} users notified; takes effect ${effectiveDay}.`,
  );
  const untilEffective = Math.max(new Date(version.effectiveAt).getTime() - new Date().getTime(), 0);
  if (await condition(() => cancelRequested, untilEffective)) return cancel();

  await database.makePolicyCurrent({ versionId: input.versionId });
  show(
    'current',
    `Privacy policy ${version.version} took effect on ${effectiveDay}; ${status.noticesSent} users notified.`,
  );
  return status;
}
