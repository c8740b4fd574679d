// MailSender on a pooled nodemailer transport. The one thing nodemailer does not
// report is how far a failed message got, and at-most-once needs it: a connection
// lost before the message was read out cannot have delivered it (retry is safe),
// one lost after may have (in doubt). A stream plugin wraps each message stream and
// notes when it has been read to the end; nodemailer reads it only during DATA.
// Messages are composed once per content and sent raw (compiled-mail.ts); connections
// are kept for any number of messages (nodemailer's default reconnects every 100).
import { PassThrough } from 'node:stream';
import nodemailer from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import type { SmtpFailure } from '../domain/smtp-failure';
import { CompiledMails } from './compiled-mail';
import type { MailSender, SendResult } from './sender';

export interface SmtpOptions {
  url: string;
  user?: string;
  password?: string;
  from: string;
  rejectUnauthorized: boolean;
  requireTls: boolean;
  maxConnections: number;
  timeoutMs: number;
}

interface NodemailerError {
  message?: string;
  code?: string;
  responseCode?: number;
}

export function nodemailerSender(o: SmtpOptions): MailSender {
  const transport = nodemailer.createTransport({
    pool: true,
    url: o.url,
    auth: o.user && o.password ? { user: o.user, pass: o.password } : undefined,
    tls: { rejectUnauthorized: o.rejectUnauthorized },
    requireTLS: o.requireTls,
    maxConnections: o.maxConnections,
    maxMessages: Infinity,
    // Never let the pool send a message again on its own: it re-queues the message of any
    // connection that closes while sending (5 times by default), also one already read out
    // during DATA, whose first copy may have been delivered — a second mail. This sender
    // decides instead, from how far the message got: not read, retried; read, in doubt.
    maxRequeues: 0,
    connectionTimeout: o.timeoutMs,
    greetingTimeout: o.timeoutMs,
    socketTimeout: o.timeoutMs,
    logger: false,
    debug: false,
  });
  const compiled = new CompiledMails(o.from);
  const envelopeFrom = addressparser(o.from, { flatten: true })[0]?.address ?? o.from;
  /** messageId → whether its stream was read to the end (set per send, removed after). */
  const progress = new Map<string, { ended: boolean }>();
  transport.use('stream', (mail, done) => {
    const id = typeof mail.data.messageId === 'string' ? mail.data.messageId : '';
    const p = progress.get(id);
    if (p) {
      // A factory: each read of the message (one per send: the pool re-queues nothing) is watched.
      mail.message.transform(() => {
        const t = new PassThrough();
        t.once('end', () => (p.ended = true));
        return t;
      });
    }
    done();
  });

  return {
    async send(mail): Promise<SendResult> {
      const p = { ended: false };
      progress.set(mail.messageId, p);
      try {
        const raw = await compiled.render(mail, mail.to, mail.messageId);
        const info = await transport.sendMail(
          raw
            ? { envelope: { from: envelopeFrom, to: [mail.to] }, raw, messageId: mail.messageId }
            : {
                from: o.from,
                to: mail.to,
                subject: mail.subject,
                text: mail.text,
                html: mail.html,
                messageId: mail.messageId,
              },
        );
        return { ok: true, response: typeof info.response === 'string' ? info.response : '250' };
      } catch (err) {
        const e = (err ?? {}) as NodemailerError;
        const failure: SmtpFailure = { message: e.message ?? String(err), dataSent: p.ended };
        if (typeof e.responseCode === 'number') failure.responseCode = e.responseCode;
        if (typeof e.code === 'string') failure.code = e.code;
        return { ok: false, failure };
      } finally {
        progress.delete(mail.messageId);
      }
    },
    async verify() {
      await transport.verify();
    },
    close() {
      transport.close();
    },
  };
}
