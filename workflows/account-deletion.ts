// Account deletion: disable at once, 90 days of grace in which the owner can
// cancel, a reminder 7 days before the end, then a purge in idempotent steps.
import {
  condition,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  activityOptions,
  searchAttributes,
  type AccountDeletionInput,
  type AccountDeletionState,
  type AccountDeletionStatus,
  type CancelAccountDeletionInput,
} from '../temporal.config';
import { accountDeletionStatus, cancelAccountDeletion } from './account-deletion-messages';

export const GRACE_PERIOD_DAYS = 90;
export const REMINDER_DAYS_BEFORE_PURGE = 7;
const DAY_MS = 86_400_000;

const database = proxyActivities<Activities>(activityOptions.database);
const mail = proxyActivities<Activities>(activityOptions.mail);
// Long purge steps heartbeat every second: a worker that dies mid-step is replaced within seconds, not minutes.
const PURGE_HEARTBEAT_TIMEOUT = '5s';
const batch = proxyActivities<Activities>({ ...activityOptions.batch, heartbeatTimeout: PURGE_HEARTBEAT_TIMEOUT });
const storage = proxyActivities<Activities>({ ...activityOptions.storage, heartbeatTimeout: PURGE_HEARTBEAT_TIMEOUT });
const payments = proxyActivities<Activities>({
  ...activityOptions.payments,
  heartbeatTimeout: PURGE_HEARTBEAT_TIMEOUT,
});

export async function accountDeletionWorkflow(input: AccountDeletionInput): Promise<AccountDeletionStatus> {
  const { workflowId, firstExecutionRunId } = workflowInfo();
  const requestedAt = new Date();
  const purgeAt = new Date(requestedAt.getTime() + GRACE_PERIOD_DAYS * DAY_MS);
  const status: AccountDeletionStatus = {
    accountId: input.accountId,
    state: 'grace-period',
    requestedAt: requestedAt.toISOString(),
    purgeAt: purgeAt.toISOString(),
    completedPurgeSteps: [],
  };
  let cancellation: CancelAccountDeletionInput | undefined;

  setHandler(accountDeletionStatus, () => status);
  setHandler(cancelAccountDeletion, (cancel) => {
    // Once the purge has begun there is nothing left to restore.
    if (status.state === 'grace-period') cancellation ??= cancel;
  });

  const show = (state: AccountDeletionState, summary: string) => {
    status.state = state;
    upsertSearchAttributes([
      { key: searchAttributes.accountId, value: input.accountId },
      { key: searchAttributes.workflowKind, value: 'account-deletion' },
      { key: searchAttributes.status, value: state },
      { key: searchAttributes.dueAt, value: purgeAt },
    ]);
    upsertMemo({ summary });
  };
  // Keys of e-mails: one per run, so a later deletion request (after a cancellation) mails again.
  const sendMail = (kind: 'confirmation' | 'reminder' | 'cancelled' | 'completed') =>
    mail.sendAccountDeletionMail({
      accountId: input.accountId,
      kind,
      purgeAt: status.purgeAt,
      idempotencyKey: `${workflowId}.${firstExecutionRunId}.${kind}`,
    });

  show(
    'grace-period',
    `Account ${input.accountId} disabled; data purged on ${status.purgeAt.slice(0, 10)} unless the owner cancels.`,
  );
  await database.disableAccountForDeletion({
    accountId: input.accountId,
    requestedByUserId: input.requestedByUserId,
    workflowId,
    purgeAt: status.purgeAt,
  });
  await sendMail('confirmation');

  const remindAt = purgeAt.getTime() - REMINDER_DAYS_BEFORE_PURGE * DAY_MS;
  const cancelled = async (until: number) =>
    condition(() => cancellation !== undefined, Math.max(until - new Date().getTime(), 0));
  let wasCancelled = await cancelled(remindAt);
  if (!wasCancelled) {
    await sendMail('reminder');
    wasCancelled = await cancelled(purgeAt.getTime());
  }
  if (wasCancelled && cancellation) {
    await database.restoreAccount({
      accountId: input.accountId,
      cancelledByUserId: cancellation.cancelledByUserId,
      workflowId,
    });
    await sendMail('cancelled');
    show('cancelled', `Deletion of account ${input.accountId} cancelled by the owner; the account is active again.`);
    return status;
  }

  show('purging', `Purging account ${input.accountId}.`);
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const result = await run();
    status.completedPurgeSteps.push(name);
    return result;
  };
  const fullLogRows = await step('full-logs', () => batch.purgeAccountFullLogs(input.accountId));
  const metadataRows = await step('metadata-logs', () => batch.purgeAccountMetadataLogs(input.accountId));
  const objects = await step('storage-objects', () => storage.purgeAccountObjects(input.accountId));
  await step('encryption-keys', () => database.shredAccountDataKey(input.accountId));
  const stripeCustomer = await step('stripe-customer', () => payments.deleteStripeCustomer(input.accountId));
  await step('account-data', () => database.purgeAccountData(input.accountId));
  // The last e-mail goes out while the owner's address still exists; the record holding it goes right after.
  await step('completion-mail', () => sendMail('completed'));
  await step('account-record', () =>
    database.deleteAccountRecord({
      accountId: input.accountId,
      workflowId,
      summary: {
        purgeAt: status.purgeAt,
        fullLogRows,
        metadataRows,
        objectsDeleted: objects.deleted,
        objectsLockedAndShredded: objects.locked,
        stripeCustomer,
      },
    }),
  );
  show('purged', `Account ${input.accountId} purged on ${new Date().toISOString().slice(0, 10)}.`);
  return status;
}
