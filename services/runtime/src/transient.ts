// Which failures are transient. A transient failure is retried with backoff and
// never becomes a reply; anything else thrown by a handler becomes InternalError.
// A programmer error (TypeError, RangeError, ReferenceError…) is never transient.

const TRANSIENT_NAMES = new Set([
  'MongoNetworkError', 'MongoServerSelectionError', 'MongoNetworkTimeoutError', 'MongoTopologyClosedError',
  'MongoNotConnectedError', 'MongoPoolClearedError', 'MongoWaitQueueTimeoutError',
  'KafkaJSConnectionError', 'KafkaJSRequestTimeoutError', 'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSBrokerNotFound', 'KafkaJSLockTimeout', 'KafkaJSConnectionClosedError',
]);
const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENOTFOUND']);

/** Thrown by our own code to say "try again later" (for example a registry 5xx). */
export class TransientError extends Error {
  override readonly name = 'TransientError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function isTransient(err: unknown, seen: Set<unknown> = new Set()): boolean {
  if (seen.has(err)) return false;
  seen.add(err);
  if (!(err instanceof Error)) return false;
  if (err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError || err instanceof SyntaxError) return false;
  if (err instanceof TransientError) return true;
  if (TRANSIENT_NAMES.has(err.name) || TRANSIENT_NAMES.has(err.constructor.name)) return true;
  const labels = (err as { errorLabels?: unknown }).errorLabels;
  const hasLabel = (err as { hasErrorLabel?: (l: string) => boolean }).hasErrorLabel;
  if (typeof hasLabel === 'function' && (hasLabel.call(err, 'RetryableWriteError') || hasLabel.call(err, 'ResetPool'))) return true;
  if (Array.isArray(labels) && labels.includes('TransientTransactionError')) return true;
  if ((err as { retriable?: unknown }).retriable === true) return true;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  const cause = (err as { cause?: unknown }).cause;
  return cause !== undefined && isTransient(cause, seen);
}
