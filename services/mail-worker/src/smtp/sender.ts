// The SMTP side as the pipeline sees it: send one message to one recipient and learn
// how it went, probe the server, close (no nodemailer types leak out); what a failure
// means for the delivery; the error texts scrubbed of addresses; and whether the server
// answers at all (SmtpLink).
//
// What a failure means (docs/rules.md#mail: 4xx and connection errors are retried with
// backoff, 5xx is recorded as failed), with one refinement that keeps the promise "at
// most one mail per recipient": a connection that breaks after the whole message was
// handed over may have delivered it (the server can accept the final dot and the 250
// can be lost), so that case is in doubt, not retried.
//
// SMTP servers often echo the recipient in their replies ("550 5.1.1 <x@y>: unknown
// user"). Error texts are stored and logged, and addresses must never be, so every error
// text passes through scrubError first. Lengths are capped too.
//
// A send that fails for the connection (not for the recipient) marks the link down:
// sending holds everywhere in the process, so an outage costs each recipient at most one
// attempt, and readiness is false. The dispatcher probes with the runtime's backoff
// until the server answers again.
import { backoffDelay } from '@workers/runtime';
import type { MailLogger } from '../names';

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

/** The parts of a nodemailer error the decision needs (no driver types here). */
export interface SmtpFailure {
  /** The server's reply code, when the server answered (e.g. 550, 451). */
  responseCode?: number;
  /** nodemailer's error code: ECONNECTION, ETIMEDOUT, ESOCKET, EENVELOPE, EAUTH… */
  code?: string;
  message: string;
  /** The whole message was read out towards the server (DATA may have completed). */
  dataSent: boolean;
}

export type FailureKind =
  /** The server refused this message for good (5xx): record FAILED. */
  | 'permanent'
  /** The server deferred this message (4xx): retry this recipient later. */
  | 'deferred'
  /** The server or the way to it is unavailable: retry, and hold all sending until it answers. */
  | 'link'
  /** The message may have been delivered: record IN_DOUBT, never resend. */
  | 'in_doubt';

/** Errors about the message itself, raised before anything reached the server. */
const MESSAGE_CODES = new Set(['EENVELOPE', 'EMESSAGE', 'EMAXRECIPIENTS']);

export function classifySmtpFailure(f: SmtpFailure): FailureKind {
  const rc = f.responseCode;
  if (rc !== undefined && rc >= 400 && rc < 600) {
    // 421: the service is closing the channel; 503: bad command sequence (a session problem).
    if (rc === 421 || rc === 503) return 'link';
    return rc >= 500 ? 'permanent' : 'deferred';
  }
  // No reply code: the connection or the client failed.
  if (f.dataSent) return 'in_doubt';
  if (f.code && MESSAGE_CODES.has(f.code)) return 'permanent';
  return 'link';
}

/** How one hand-over to SMTP ended. */
export type SendResult =
  /** The server answered 250 to the end of DATA; `response` is its reply line. */
  { ok: true; response: string } | { ok: false; failure: SmtpFailure };

const ADDRESS = /[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g;
const MAX = 300;

export function scrubError(text: string): string {
  const clean = text.replace(ADDRESS, '[address]').replace(/\s+/g, ' ').trim();
  return clean.length > MAX ? `${clean.slice(0, MAX)}…` : clean;
}

const PROBE = { baseMs: 250, capMs: 5000 };

export class SmtpLink {
  private state: 'unknown' | 'up' | 'down' = 'unknown';
  private failedProbes = 0;

  constructor(
    private readonly sender: MailSender,
    private readonly logger: MailLogger,
  ) {}

  get up(): boolean {
    return this.state === 'up';
  }

  down(reason: string): void {
    if (this.state === 'down') return;
    this.state = 'down';
    this.failedProbes = 0;
    this.logger.warn('smtp.unavailable', { error: scrubError(reason) });
  }

  /** Asks the server; on failure returns how long to wait before the next probe. */
  async probe(): Promise<{ up: true } | { up: false; retryInMs: number }> {
    try {
      await this.sender.verify();
      if (this.state !== 'up') this.logger.info('smtp.recovered', { afterProbes: this.failedProbes });
      this.state = 'up';
      this.failedProbes = 0;
      return { up: true };
    } catch (err) {
      this.down(err instanceof Error ? err.message : String(err));
      this.failedProbes++;
      return { up: false, retryInMs: backoffDelay(this.failedProbes - 1, PROBE) };
    }
  }
}
