// What pure domain code may take from the runtime (`@workers/runtime/pure`): the code
// table builder, the backoff arithmetic, the names of personal fields and the control-character
// rule of texts. Loads no I/O library (no kafkajs, mongodb, pino), unlike the package's main
// entry, so a worker's `domain/` stays pure.
export {
  codeBook,
  localize,
  COMMON_CODES,
  type CodeBook,
  type CodeSpec,
  type CodeTable,
  type CommonCode,
  type Detail,
  type Locale,
} from './codes';
export { PERSONAL_FIELDS } from './personal-fields';
export { backoffDelay, exponentialDelay, type BackoffOptions } from './backoff';
export { controlCharReason, type TextShape } from './control-chars';
