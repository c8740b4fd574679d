// Which failures are waited out rather than answered, judged from the error's own
// properties (never from a class name alone):
// - transient: our own TransientError; a kafkajs error marked `retriable` (anywhere in
//   its cause chain, since kafkajs wraps exhausted retries); the MongoDB driver's
//   network and server-selection errors, its retry labels, and the server's own codes
//   of the failover, shutdown, interrupted, network and write-concern kinds (a replica
//   set stepping down answers with errors, it does not refuse connections); Node's
//   socket error codes.
// - a refusal (DependencyRefusedError, an authentication or authorization failure): a
//   configuration fault someone must fix. It is waited out the same way (readiness
//   false, never answered, never dead-lettered) but each wait is logged at error.
// A programmer error (TypeError, RangeError, ReferenceError, SyntaxError) is neither.
import {
  MongoError,
  MongoErrorLabel,
  MongoMissingCredentialsError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  MongoWriteConcernError,
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

const MONGO_LABELS: string[] = [
  MongoErrorLabel.RetryableWriteError,
  MongoErrorLabel.ResetPool,
  MongoErrorLabel.TransientTransactionError,
  MongoErrorLabel.PoolRequestedRetry,
  MongoErrorLabel.RetryableError,
  MongoErrorLabel.SystemOverloadedError,
  'NetworkError',
];

/**
 * MongoDB server codes that mean "not now": the driver's retryable read and write codes
 * (RETRYABLE_READ_ERROR_CODES = RETRYABLE_WRITE_ERROR_CODES in mongodb/lib/error.js,
 * from the retryable-reads and retryable-writes specifications; the driver does not
 * export them), its SDAM not-primary and node-is-recovering codes, and the codes of a
 * write concern not (yet) satisfied. A server answers these while a replica set elects,
 * steps down, shuts down or lags; the same request succeeds once it has settled.
 */
const MONGO_TRANSIENT_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  50, // MaxTimeMSExpired
  64, // WriteConcernTimeout (WriteConcernFailed before 8.1)
  89, // NetworkTimeout
  91, // ShutdownInProgress
  100, // UnsatisfiableWriteConcern (too few members up, say, during a stepdown)
  112, // WriteConflict
  133, // FailedToSatisfyReadPreference
  134, // ReadConcernMajorityNotAvailableYet
  189, // PrimarySteppedDown
  202, // NetworkInterfaceExceededTimeLimit
  262, // ExceededTimeLimit
  9001, // SocketException
  10058, // LegacyNotPrimary
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11601, // Interrupted
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

/** MongoDB server codes of a refusal: the credentials or their roles are wrong. */
const MONGO_REFUSAL_CODES = new Set([
  11, // UserNotFound
  13, // Unauthorized
  18, // AuthenticationFailed
]);

/** kafkajs protocol error types (and its SASL error) of a refusal. */
const KAFKA_REFUSAL = /AUTHORIZATION_FAILED|SASL_AUTHENTICATION_FAILED|ILLEGAL_SASL_STATE|UNSUPPORTED_SASL_MECHANISM/;

/** Thrown by our own code to say "try again later" (for example a registry 5xx). */
export class TransientError extends Error {
  override readonly name = 'TransientError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A dependency refuses us (a registry answering 401 or 403, a database rejecting our
 * credentials): a configuration fault, not a blip. It is retried like a transient
 * failure — readiness false, nothing answered or dead-lettered because of it — and each
 * wait is logged at error, because someone must act.
 */
export class DependencyRefusedError extends Error {
  override readonly name = 'DependencyRefusedError';
  /** Which dependency refused (for example `schema-registry`, `mongodb`). */
  readonly dependency: string;
  constructor(dependency: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.dependency = dependency;
  }
}

function isProgrammerError(err: Error): boolean {
  return (
    err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError || err instanceof SyntaxError
  );
}

const numericCode = (err: MongoError): number => Number(err.code);

/** A server answer carrying a write concern not satisfied (on the error, or on the result it wraps). */
function hasWriteConcernError(err: MongoError): boolean {
  if (err instanceof MongoWriteConcernError) return true;
  const e = err as { writeConcernError?: unknown; result?: { writeConcernErrors?: unknown } };
  if (e.writeConcernError != null && typeof e.writeConcernError === 'object') return true;
  const wces = e.result?.writeConcernErrors;
  return Array.isArray(wces) && wces.length > 0;
}

function mongoTransient(err: Error): boolean {
  if (
    err instanceof MongoNetworkError ||
    err instanceof MongoServerSelectionError ||
    err instanceof MongoNotConnectedError ||
    err instanceof MongoTopologyClosedError
  )
    return true;
  if (!(err instanceof MongoError)) return false;
  return (
    MONGO_LABELS.some((l) => err.hasErrorLabel(l)) ||
    MONGO_TRANSIENT_CODES.has(numericCode(err)) ||
    hasWriteConcernError(err)
  );
}

/** The errors a server-selection failure saw on each server (an auth failure hides there). */
function selectionCauses(err: MongoServerSelectionError): unknown[] {
  const servers = (err.reason as { servers?: Map<string, { error?: unknown }> } | undefined)?.servers;
  return servers instanceof Map ? [...servers.values()].map((s) => s.error) : [];
}

function ownRefusal(err: Error): boolean {
  if (err instanceof DependencyRefusedError || err instanceof MongoMissingCredentialsError) return true;
  if (err instanceof MongoError && MONGO_REFUSAL_CODES.has(numericCode(err))) return true;
  const e = err as { type?: unknown; name: string };
  return (typeof e.type === 'string' && KAFKA_REFUSAL.test(e.type)) || e.name === 'KafkaJSSASLAuthenticationError';
}

/** The errors `err` wraps: its cause, kafkajs's originalError, a selection failure's per-server errors. */
function inner(err: Error): unknown[] {
  const e = err as { cause?: unknown; originalError?: unknown };
  return [e.cause, e.originalError, ...(err instanceof MongoServerSelectionError ? selectionCauses(err) : [])].filter(
    (c) => c !== undefined && c !== null,
  );
}

/** True when a dependency refuses us (anywhere in the cause chain): wait, and alert. */
export function isRefusal(err: unknown, seen: Set<unknown> = new Set()): boolean {
  if (seen.has(err) || !(err instanceof Error)) return false;
  seen.add(err);
  if (isProgrammerError(err)) return false;
  return ownRefusal(err) || inner(err).some((c) => isRefusal(c, seen));
}

function transient(err: unknown, seen: Set<unknown>): boolean {
  if (seen.has(err) || !(err instanceof Error)) return false;
  seen.add(err);
  if (isProgrammerError(err)) return false;
  if (err instanceof TransientError || mongoTransient(err)) return true;
  const e = err as { retriable?: unknown; code?: unknown };
  if (e.retriable === true) return true;
  if (typeof e.code === 'string' && NODE_CODES.has(e.code)) return true;
  return inner(err).some((c) => transient(c, seen));
}

/**
 * True when `err` must be waited out and retried, never answered nor dead-lettered: a
 * transient failure, or a refusal (isRefusal tells the two apart, for the log level).
 */
export function isTransient(err: unknown): boolean {
  return isRefusal(err) || transient(err, new Set());
}
