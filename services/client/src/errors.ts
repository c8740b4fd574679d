// What a request can end with besides a reply: each error says what is known of the request.

/** What the client knows when no reply came in time. */
export type Unanswered =
  /** No send was acknowledged by the broker (a send cut off by the deadline may still land). */
  | 'NotSent'
  /** Sent (acknowledged), and no reply came within the attempts' time. */
  | 'SentUnanswered';

/**
 * No reply within the attempts allowed. Re-sending with the same `requestId` is
 * safe (the workers apply a request once and answer a re-send with the same reply);
 * a reply that still comes is reported to `onLateReply` as AnsweredLate.
 */
export class RequestTimeoutError extends Error {
  override readonly name = 'RequestTimeoutError';
  constructor(
    readonly state: Unanswered,
    readonly requestId: string,
    readonly operation: string,
    readonly attempts: number,
    options?: ErrorOptions,
  ) {
    super(`${operation} ${requestId}: ${state} after ${attempts} attempt(s)`, options);
  }
}

/** A connect option the contract does not allow (a reply topic not configured for the route…). */
export class ContractError extends Error {
  override readonly name = 'ContractError';
}

/** close() was called while the request waited. */
export class ClientClosedError extends Error {
  override readonly name = 'ClientClosedError';
}

/** A reply came but cannot be read with the repository's reply schema. */
export class ReplyUnreadableError extends Error {
  override readonly name = 'ReplyUnreadableError';
}
