import { accountDeletionMail, type AccountDeletionMailKind } from '../platform/accounts/account-deletion-mail';
import {
  disableAccountForDeletion,
  findAccount,
  ownerEmails,
  restoreAccount,
} from '../platform/accounts/account-deletion';
import {
  deleteAccountData,
  deleteAccountLogs,
  deleteAccountRecord,
  shredAccountDataKey,
  stripeCustomerIdOf,
} from '../platform/accounts/account-purge';
import { purgeAccountObjects } from '../platform/accounts/account-storage-purge';
import { sendOnce } from '../platform/mail/send-once';
import { deleteStripeCustomer } from '../platform/billing/stripe-customer-purge';
import { forgetAccount } from '../platform/regions/directory';
import type { ActivityDeps } from './index';
import { whileHeartbeating } from './heartbeats';
import { withBusinessFailures } from './lifecycle-failures';

export interface AccountDeletionMailInput {
  accountId: string;
  kind: AccountDeletionMailKind;
  purgeAt: string;
  /** Derived from the workflow run, so a retried activity or a replay never mails twice. */
  idempotencyKey: string;
}

/** Activities of the account deletion workflow. Every one is safe to repeat after a crash. */
export function createAccountDeletionActivities({
  db,
  regions,
  mailer,
  storage,
  stripe,
  config,
  logger,
}: ActivityDeps) {
  return {
    async disableAccountForDeletion(input: {
      accountId: string;
      requestedByUserId: string;
      workflowId: string;
      purgeAt: string;
    }) {
      return withBusinessFailures(() => disableAccountForDeletion(db, input));
    },

    async restoreAccount(input: { accountId: string; cancelledByUserId: string; workflowId: string }) {
      return withBusinessFailures(() => restoreAccount(db, input));
    },

    async sendAccountDeletionMail(
      input: AccountDeletionMailInput,
    ): Promise<{ recipients: number; alreadySent: number }> {
      const { subject, text } = accountDeletionMail(config, input.kind, input.purgeAt);
      let alreadySent = 0;
      const recipients = await ownerEmails(db, input.accountId);
      for (const [index, to] of recipients.entries()) {
        const outcome = await sendOnce(db, mailer, {
          kind: `account-deletion.${input.kind}`,
          accountId: input.accountId,
          mail: { to, subject, text, idempotencyKey: `${input.idempotencyKey}.${index}` },
        });
        if (outcome === 'already-sent') alreadySent += 1;
      }
      return { recipients: recipients.length, alreadySent };
    },

    async purgeAccountFullLogs(accountId: string): Promise<number> {
      return whileHeartbeating(() => deleteAccountLogs(db, 'gateway_full_logs', accountId));
    },

    async purgeAccountMetadataLogs(accountId: string): Promise<number> {
      return whileHeartbeating(() => deleteAccountLogs(db, 'gateway_requests', accountId));
    },

    async purgeAccountObjects(accountId: string): Promise<{ deleted: number; locked: number }> {
      const account = await findAccount(db, accountId);
      if (!account) return { deleted: 0, locked: 0 };
      const result = await whileHeartbeating(() =>
        purgeAccountObjects(db, storage, { accountId, region: account.region }),
      );
      if (result.locked > 0)
        logger.info(
          { accountId, locked: result.locked },
          'objects under Object Lock stay until their retention ends; their data key is shredded',
        );
      return result;
    },

    async shredAccountDataKey(accountId: string): Promise<boolean> {
      return shredAccountDataKey(db, accountId);
    },

    async deleteStripeCustomer(accountId: string): Promise<'deleted' | 'already-deleted' | 'none'> {
      const customerId = await stripeCustomerIdOf(db, accountId);
      if (!customerId) return 'none';
      return whileHeartbeating(() => deleteStripeCustomer(stripe, customerId));
    },

    async purgeAccountData(accountId: string): Promise<Record<string, number>> {
      return deleteAccountData(db, accountId);
    },

    async deleteAccountRecord(input: {
      accountId: string;
      workflowId: string;
      summary: Record<string, number | string | boolean>;
    }) {
      const deleted = await deleteAccountRecord(db, input);
      // Also on a repeat: the directory entries go even when a crash came between the two.
      await forgetAccount(regions.directory, input.accountId);
      return deleted;
    },
  };
}
