// An SMTP server that accepts every message and keeps it, so tests and the demo
// can read what the mail worker sent. Captured mail is readable as .eml files in
// MAIL_DIR and as JSON from MAIL_API_URL (GET /messages, DELETE /messages;
// GET /messages?envelope=1 leaves out subject and bodies). A recipient whose local
// part starts with `reject` gets a permanent 550; with `tempfail`, a transient 451 —
// so tests can drive the worker's error paths with a real SMTP conversation.
// Receiving only keeps the bytes (and writes the file without waiting): messages are
// parsed when first read, so a broadcast's fan-out rate measures the worker, not
// this sink's MIME parser.
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { Component } from './component';
import { freePort } from './proc';

export interface CapturedMail {
  id: number;
  receivedAt: string;
  envelopeFrom: string;
  envelopeTo: string[];
  messageId: string | undefined;
  subject: string | undefined;
  text: string | undefined;
  html: string | undefined;
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

/** What receiving records; the rest of CapturedMail is parsed from `raw` when first read. */
interface Received {
  id: number;
  receivedAt: string;
  envelopeFrom: string;
  envelopeTo: string[];
  raw: Buffer;
  parsed?: Promise<CapturedMail>;
}

function parse(m: Received): Promise<CapturedMail> {
  m.parsed ??= simpleParser(m.raw).then((p) => ({
    id: m.id,
    receivedAt: m.receivedAt,
    envelopeFrom: m.envelopeFrom,
    envelopeTo: m.envelopeTo,
    messageId: p.messageId,
    subject: p.subject,
    text: p.text,
    html: typeof p.html === 'string' ? p.html : undefined,
  }));
  return m.parsed;
}

export class SmtpSink implements Component {
  readonly name = 'smtp';
  readonly env: Record<string, string> = {};
  version = 'smtp-server sink';
  private readonly messages: Received[] = [];
  private smtp?: SMTPServer;
  private http?: HttpServer;
  private smtpPort = 0;
  private apiPort = 0;

  constructor(private readonly dir: string) {}

  running(): boolean {
    return this.smtp !== undefined;
  }

  upstream(): string | undefined {
    return this.smtpPort ? `127.0.0.1:${this.smtpPort}` : undefined;
  }

  proxiedEnv(proxied: string): Record<string, string> {
    return { SMTP_URL: `smtp://${proxied}` };
  }

  async start(): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    if (!this.smtpPort) this.smtpPort = await freePort();
    if (!this.apiPort) this.apiPort = await freePort();
    this.env.SMTP_URL = `smtp://127.0.0.1:${this.smtpPort}`;
    this.env.MAIL_API_URL = `http://127.0.0.1:${this.apiPort}`;
    this.env.MAIL_DIR = this.dir;
    this.smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // A stopped sink must refuse at once (fault tests), not wait out open connections.
      closeTimeout: 500,
      onRcptTo: (address, _session, cb) => {
        const local = address.address.split('@')[0] ?? '';
        if (local.startsWith('reject')) return cb(smtpError('5.1.1 Mailbox unavailable', 550));
        if (local.startsWith('tempfail')) return cb(smtpError('4.2.1 Mailbox busy, try later', 451));
        return cb();
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const mail: Received = {
            id: this.messages.length + 1,
            receivedAt: new Date().toISOString(),
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks),
          };
          this.messages.push(mail);
          writeFile(join(this.dir, `${String(mail.id).padStart(6, '0')}.eml`), mail.raw).catch((err: Error) =>
            process.stderr.write(`smtp sink: ${err.message}\n`),
          );
          cb();
        });
      },
    });
    const smtp = this.smtp;
    await new Promise<void>((resolve, reject) => {
      smtp.once('error', reject);
      smtp.listen(this.smtpPort, '127.0.0.1', () => {
        smtp.off('error', reject);
        resolve();
      });
    });
    // A client killed mid-conversation resets its socket; smtp-server reports that as
    // an 'error' event, which unheard would take the whole supervisor (and stack) down.
    smtp.on('error', (err: Error) => process.stderr.write(`smtp sink: ${err.message}\n`));
    if (!this.http) {
      this.http = createHttpServer((req, res) => {
        if (req.url?.startsWith('/messages') && req.method === 'DELETE') {
          this.messages.length = 0;
          res.writeHead(204).end();
        } else if (req.url?.startsWith('/messages')) {
          const envelopeOnly = new URL(req.url, 'http://sink').searchParams.get('envelope') === '1';
          const all = [...this.messages];
          const out = envelopeOnly
            ? Promise.resolve(all.map(({ raw: _r, parsed: _p, ...m }) => m))
            : Promise.all(all.map(parse));
          out.then(
            (list) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(list)),
            (err: Error) => res.writeHead(500).end(err.message),
          );
        } else {
          res.writeHead(404).end();
        }
      });
      const http = this.http;
      await new Promise<void>((resolve) => http.listen(this.apiPort, '127.0.0.1', () => resolve()));
    }
  }

  /** Stops accepting SMTP connections (the mail API stays up, so tests can still read). */
  async stop(): Promise<void> {
    const smtp = this.smtp;
    this.smtp = undefined;
    if (smtp) await new Promise<void>((resolve) => smtp.close(() => resolve()));
  }

  async close(): Promise<void> {
    await this.stop();
    const http = this.http;
    this.http = undefined;
    if (http) await new Promise<void>((resolve) => http.close(() => resolve()));
  }
}
