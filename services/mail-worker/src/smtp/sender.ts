// The SMTP side as the dispatcher sees it: send one message to one recipient and
// learn how it went, probe the server, close. No nodemailer types leak out.
import type { SendResult } from '../domain/smtp-failure';

export type { SendResult };

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Deterministic per (contact, recipient), with angle brackets. */
  messageId: string;
}

export interface MailSender {
  /** Never throws: every failure comes back as a SendResult. */
  send(mail: OutgoingMail): Promise<SendResult>;
  /** Resolves when the server answers (connect, EHLO, auth); rejects otherwise. */
  verify(): Promise<void>;
  close(): void;
}
