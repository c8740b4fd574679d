// mongod's names for the error codes a test is likely to inject (src/mongo/base/error_codes.yml):
// a failed reply carries `codeName` beside `code`, and the driver's error exposes it as
// `err.codeName`. A code not listed gets mongod's own name for an unnamed code, `Location<code>`.
const CODE_NAMES: Readonly<Record<number, string>> = {
  1: 'InternalError',
  2: 'BadValue',
  6: 'HostUnreachable',
  7: 'HostNotFound',
  11: 'UserNotFound',
  13: 'Unauthorized',
  18: 'AuthenticationFailed',
  24: 'LockTimeout',
  43: 'CursorNotFound',
  46: 'LockBusy',
  50: 'MaxTimeMSExpired',
  59: 'CommandNotFound',
  64: 'WriteConcernFailed',
  72: 'InvalidOptions',
  79: 'UnknownReplWriteConcern',
  89: 'NetworkTimeout',
  91: 'ShutdownInProgress',
  100: 'UnsatisfiableWriteConcern',
  112: 'WriteConflict',
  134: 'ReadConcernMajorityNotAvailableYet',
  150: 'StaleEpoch',
  175: 'QueryPlanKilled',
  189: 'PrimarySteppedDown',
  251: 'NoSuchTransaction',
  262: 'ExceededTimeLimit',
  9001: 'SocketException',
  10107: 'NotWritablePrimary',
  11000: 'DuplicateKey',
  11600: 'InterruptedAtShutdown',
  11601: 'Interrupted',
  11602: 'InterruptedDueToReplStateChange',
  13388: 'StaleConfig',
  13435: 'NotPrimaryNoSecondaryOk',
  13436: 'NotPrimaryOrSecondary',
  63: 'StaleShardVersion',
};

export function codeName(code: number): string {
  return CODE_NAMES[code] ?? `Location${code}`;
}
