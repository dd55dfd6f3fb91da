import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config/config';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /**
   * Stable key for this message (e.g. derived from a workflow ID and step). It
   * becomes the Message-ID, so a retried send is recognisable downstream, and
   * callers record it to avoid sending twice.
   */
  idempotencyKey: string;
  /** Extra header fields, sent as given (e.g. `List-Unsubscribe`); values must already be valid header text. */
  headers?: Record<string, string>;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

/** The Message-ID a mail with this idempotency key is sent with (known before sending, so it can be recorded in the same statement). */
export function messageIdFor(idempotencyKey: string): string {
  return `<${idempotencyKey.replace(/[^A-Za-z0-9._-]/g, '.')}@autrace.local>`;
}

export function createMailer(mail: Config['mail']): Mailer {
  const transport: Transporter = nodemailer.createTransport(mail.smtpUrl);
  return {
    async send({ to, subject, text, idempotencyKey, headers }) {
      const messageId = messageIdFor(idempotencyKey);
      // Prepared: nodemailer would otherwise fold or encode a long List-Unsubscribe URL.
      const extra = Object.fromEntries(
        Object.entries(headers ?? {}).map(([name, value]) => [name, { prepared: true, value }]),
      );
      await transport.sendMail({ from: mail.from, to, subject, text, messageId, headers: extra });
      return { messageId };
    },
    close: () => transport.close(),
  };
}
