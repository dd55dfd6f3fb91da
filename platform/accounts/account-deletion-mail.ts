import type { Config } from '../config/config';

export type AccountDeletionMailKind = 'confirmation' | 'reminder' | 'cancelled' | 'completed';

/** The owner-facing texts of the deletion workflow. No secrets, and the account's data is never quoted. */
export function accountDeletionMail(
  config: Config,
  kind: AccountDeletionMailKind,
  purgeAt: string,
): { subject: string; text: string } {
  const purgeDay = purgeAt.slice(0, 10);
  const cancelHint = `To keep your account, cancel the deletion before ${purgeDay}: DELETE ${config.api.publicUrl}/v1/account/deletion (or in the dashboard).`;
  switch (kind) {
    case 'confirmation':
      return {
        subject: 'Your Autrace account is scheduled for deletion',
        text: `We received your request to delete your Autrace account. It is disabled and its API keys are revoked.\n\nOn ${purgeDay} we will permanently delete its data: logs, archives, billing records and users.\n\n${cancelHint}\n`,
      };
    case 'reminder':
      return {
        subject: 'Your Autrace account will be deleted in 7 days',
        text: `Your Autrace account will be permanently deleted on ${purgeDay}.\n\n${cancelHint}\n`,
      };
    case 'cancelled':
      return {
        subject: 'Your Autrace account deletion was cancelled',
        text: 'The deletion of your Autrace account was cancelled. The account is active again, and the API keys revoked by the deletion request work again.\n',
      };
    case 'completed':
      return {
        subject: 'Your Autrace account has been deleted',
        text: 'Your Autrace account and its data have been permanently deleted: logs, stored objects, billing records, keys and users. This is the last message you will receive from us about it.\n',
      };
  }
}
