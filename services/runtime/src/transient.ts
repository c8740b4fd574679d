// Which failures are transient, judged from the error's own properties: our own
// TransientError, a kafkajs error marked `retriable` (anywhere in its cause chain,
// since kafkajs wraps exhausted retries), the MongoDB driver's network and
// server-selection errors and its retry labels, and Node's socket error codes.
// A transient failure is retried with backoff and never becomes a reply. A
// programmer error (TypeError, RangeError, ReferenceError, SyntaxError) never is.
import {
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';

const NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'ENETUNREACH',
]);
const MONGO_LABELS = ['RetryableWriteError', 'ResetPool', 'TransientTransactionError', 'NetworkError'];

/** Thrown by our own code to say "try again later" (for example a registry 5xx). */
export class TransientError extends Error {
  override readonly name = 'TransientError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

function isProgrammerError(err: Error): boolean {
  return (
    err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError || err instanceof SyntaxError
  );
}

function mongoTransient(err: Error): boolean {
  if (
    err instanceof MongoNetworkError ||
    err instanceof MongoServerSelectionError ||
    err instanceof MongoNotConnectedError ||
    err instanceof MongoTopologyClosedError
  )
    return true;
  return err instanceof MongoError && MONGO_LABELS.some((l) => err.hasErrorLabel(l));
}

export function isTransient(err: unknown, seen: Set<unknown> = new Set()): boolean {
  if (seen.has(err) || !(err instanceof Error)) return false;
  seen.add(err);
  if (isProgrammerError(err)) return false;
  if (err instanceof TransientError || mongoTransient(err)) return true;
  const e = err as { retriable?: unknown; code?: unknown; cause?: unknown; originalError?: unknown };
  if (e.retriable === true) return true;
  if (typeof e.code === 'string' && NODE_CODES.has(e.code)) return true;
  return [e.cause, e.originalError].some((c) => c !== undefined && isTransient(c, seen));
}
