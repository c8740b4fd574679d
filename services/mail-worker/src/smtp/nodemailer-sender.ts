// MailSender on a pooled nodemailer transport. The one thing nodemailer does not
// report is how far a failed message got, and at-most-once needs it: a connection
// lost before the message was read out cannot have delivered it (retry is safe),
// one lost after may have (in doubt). A stream plugin wraps each message stream and
// notes when it has been read to the end; nodemailer reads it only during DATA.
// Connections are kept for any number of messages (nodemailer's default reconnects
// every 100).
//
// A notification mail is the same for every recipient of a contact but for its To,
// Message-ID and Date lines, and composing MIME is most of what a send costs the worker
// (Japanese text encoded every time; figure: docs/benchmarks.md#mail-composition). So
// nodemailer's MailComposer composes it once per content, with placeholder lines
// (CompiledMails), each send replaces those three lines and the message goes raw. An
// address that would need encoding or quoting in a header (anything but a plain ASCII
// address) is not templated: that mail is composed as usual.
import { PassThrough } from 'node:stream';
import nodemailer from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailSender, SendResult, SmtpFailure } from './sender';

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

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

const PH_TO = 'to@placeholder.invalid';
const PH_ID = '<id@placeholder.invalid>';
const PH_DATE = new Date(0);
/** nodemailer's own Date format. */
const rfc2822 = (d: Date): string => d.toUTCString().replace(/GMT/, '+0000');
const LINES = {
  to: `\r\nTo: ${PH_TO}\r\n`,
  id: `\r\nMessage-ID: ${PH_ID}\r\n`,
  date: `\r\nDate: ${rfc2822(PH_DATE)}\r\n`,
};
/** An address a header can carry as it is. */
const PLAIN = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+$/;
const MAX_TEMPLATES = 16;

interface Template {
  head: string;
  body: Buffer;
}

export class CompiledMails {
  private readonly templates = new Map<string, Promise<Template | null>>();

  constructor(private readonly from: string) {}

  /** The whole message for `to`, or null when it must be composed the usual way. */
  async render(content: MailContent, to: string, messageId: string, date = new Date()): Promise<Buffer | null> {
    if (!PLAIN.test(to) || !/^<[\x21-\x7e]+>$/.test(messageId)) return null;
    const t = await this.template(content);
    if (!t) return null;
    const head = t.head
      .replace(LINES.to, `\r\nTo: ${to}\r\n`)
      .replace(LINES.id, `\r\nMessage-ID: ${messageId}\r\n`)
      .replace(LINES.date, `\r\nDate: ${rfc2822(date)}\r\n`);
    return Buffer.concat([Buffer.from(head, 'utf8'), t.body]);
  }

  private template(c: MailContent): Promise<Template | null> {
    const key = `${c.subject}\u0000${c.text}\u0000${c.html}`;
    let t = this.templates.get(key);
    if (!t) {
      if (this.templates.size >= MAX_TEMPLATES) this.templates.delete(this.templates.keys().next().value!);
      t = compose({
        from: this.from,
        subject: c.subject,
        text: c.text,
        html: c.html,
        to: PH_TO,
        messageId: PH_ID,
        date: PH_DATE,
      });
      this.templates.set(key, t);
    }
    return t;
  }
}

/** Splits nodemailer's output after its header block; null if a placeholder line is not where expected. */
function compose(mail: ConstructorParameters<typeof MailComposer>[0]): Promise<Template | null> {
  return new Promise((resolve) => {
    new MailComposer(mail).compile().build((err, message) => {
      if (err) return resolve(null);
      // The head keeps the CRLF that ends its last line; the body starts with the empty line.
      const end = message.indexOf('\r\n\r\n') + 2;
      const head = message.subarray(0, end).toString('utf8');
      resolve(
        end > 2 && Object.values(LINES).every((l) => head.includes(l)) ? { head, body: message.subarray(end) } : null,
      );
    });
  });
}
