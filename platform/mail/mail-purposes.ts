import type { Database } from '../database/database';
import type { Mailer, OutgoingMail } from './mailer';
import { sendOnce } from './send-once';

/**
 * Why we send an e-mail decides whether a marketing opt-out stops it.
 * - `transactional`: the answer to something the user did or asked for
 *   (verification links, request acknowledgements and answers, export ready,
 *   account deletion steps, operator alerts). Sent regardless.
 * - `legal-notice`: what the law or our policy obliges us to tell everyone,
 *   such as privacy-policy changes (policy §9: "announced via email at least
 *   14 days before taking effect"). Sent regardless: an opt-out from
 *   marketing is not an opt-out from being told one's rights changed.
 * - `product`: product updates and anything promotional (policy §2: "product
 *   updates … (opt-out available)"). Never sent to a user who opted out
 *   (`users.marketing_opt_out`, which an objection to processing also sets).
 *   Every product e-mail goes through `sendProductMail`, which enforces it.
 */
export type MailPurpose = 'transactional' | 'legal-notice' | 'product';

/** A product e-mail to one user, once per idempotency key, unless they opted out. */
export async function sendProductMail(
  db: Database,
  mailer: Mailer,
  input: { userId: string; kind: string; mail: Omit<OutgoingMail, 'to'> },
): Promise<'sent' | 'already-sent' | 'opted-out'> {
  const user = await db('users').select('email', 'account_id', 'marketing_opt_out').where({ id: input.userId }).first();
  if (!user || user.marketing_opt_out) return 'opted-out';
  return sendOnce(db, mailer, {
    kind: input.kind,
    accountId: user.account_id,
    mail: { ...input.mail, to: user.email },
  });
}
