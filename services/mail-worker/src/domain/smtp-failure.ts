// What an SMTP failure means for the delivery (docs/rules.md#mail: 4xx and connection
// errors are retried with backoff, 5xx is recorded as failed). One refinement keeps
// the promise "at most one mail per recipient": a connection that breaks after the
// whole message was handed over may have delivered it (the server can accept the
// final dot and the 250 can be lost), so that case is in doubt, not retried.

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
