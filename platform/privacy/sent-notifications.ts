import type { Database } from '../database/database';
import type { Mailer, OutgoingMail } from '../mail/mailer';

/**
 * Sends a message once per idempotency key. A crash between sending and
 * recording can repeat a send; the stable Message-ID lets mail systems drop it.
 */
export async function sendOnce(db: Database, mailer: Mailer, mail: OutgoingMail): Promise<boolean> {
  const sent: unknown = await db('privacy_sent_notifications').where({ idempotency_key: mail.idempotencyKey }).first();
  if (sent) return false;
  const { messageId } = await mailer.send(mail);
  await db('privacy_sent_notifications').insert({ idempotency_key: mail.idempotencyKey, message_id: messageId }).onConflict('idempotency_key').ignore();
  return true;
}
