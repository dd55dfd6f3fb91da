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
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

export function createMailer(mail: Config['mail']): Mailer {
  const transport: Transporter = nodemailer.createTransport(mail.smtpUrl);
  return {
    async send({ to, subject, text, idempotencyKey }) {
      const messageId = `<${idempotencyKey.replace(/[^A-Za-z0-9._-]/g, '.')}@autrace.local>`;
      await transport.sendMail({ from: mail.from, to, subject, text, messageId });
      return { messageId };
    },
    close: () => transport.close(),
  };
}
