import type { Database } from '../database/database';
import type { Mailer, OutgoingMail } from './mailer';

export interface SendOnceInput {
  kind: string;
  accountId: string | null;
  mail: OutgoingMail;
}

/**
 * Sends an e-mail at most once per idempotency key. The record is inserted in
 * the transaction that wraps the send: a concurrent attempt waits on the row,
 * a failed send rolls the record back so a retry sends again, and once it has
 * committed every later attempt is a no-op.
 */
export async function sendOnce(
  db: Database,
  mailer: Mailer,
  { kind, accountId, mail }: SendOnceInput,
): Promise<'sent' | 'already-sent'> {
  return db.transaction(async (trx) => {
    const inserted = await trx('sent_notifications')
      .insert({ idempotency_key: mail.idempotencyKey, kind, account_id: accountId })
      .onConflict('idempotency_key')
      .ignore()
      .returning('idempotency_key');
    if (inserted.length === 0) return 'already-sent';
    const { messageId } = await mailer.send(mail);
    await trx('sent_notifications').where({ idempotency_key: mail.idempotencyKey }).update({ message_id: messageId });
    return 'sent';
  });
}
