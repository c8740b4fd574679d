// An SMTP sink of the test's own, for scenarios that SIGKILL a worker in the middle of
// SMTP conversations. A killed client resets its connections, and the stack's shared
// sink (services/devstack/src/smtp-sink.ts) has no 'error' listener on its server, so such a reset
// takes the whole stack down. This one tolerates resets and keeps only what the mail
// scenarios read: recipients, Message-ID and receive time.
import { SMTPServer } from 'smtp-server';
import type { CapturedMail } from './mail-fixture';

export class PrivateSmtpSink {
  readonly messages: CapturedMail[] = [];
  private constructor(
    private readonly server: SMTPServer,
    readonly url: string,
  ) {}

  static async start(): Promise<PrivateSmtpSink> {
    let sink: PrivateSmtpSink | undefined;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const head =
            Buffer.concat(chunks)
              .toString('utf8')
              .split(/\r?\n\r?\n/)[0] ?? '';
          sink?.messages.push({
            id: (sink?.messages.length ?? 0) + 1,
            receivedAt: new Date().toISOString(),
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            messageId: /^message-id:\s*(\S+)/im.exec(head)?.[1],
          });
          cb();
        });
      },
    });
    server.on('error', () => undefined); // a client that was killed resets its connections
    const port = await new Promise<number>((resolve) => {
      server.listen(0, '127.0.0.1', () => resolve((server.server.address() as { port: number }).port));
    });
    sink = new PrivateSmtpSink(server, `smtp://127.0.0.1:${port}`);
    return sink;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
