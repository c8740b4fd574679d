// What pure domain code may take from the runtime (`@workers/runtime/pure`): the message
// table builder, the codes the runtime answers, the operation declaration, the backoff
// arithmetic, the names of personal fields and the control-character rule of texts. Loads no
// I/O library (no kafkajs, mongodb, pino), unlike the package's main entry, so a worker's
// `domain/` and `operations/` stay pure.
export {
  messageBook,
  localize,
  runtimeCodes,
  RUNTIME_CODES,
  VALIDATION_CODE,
  type CodeStatuses,
  type Detail,
  type Locale,
  type MessageBook,
  type MessageTable,
} from './codes';
export {
  operation,
  type AnyOperation,
  type DecideContext,
  type Decision,
  type EventOut,
  type Operation,
  type Outcome,
} from './route';
export { PERSONAL_FIELDS } from './personal-fields';
export { backoffDelay, exponentialDelay, type BackoffOptions } from './backoff';
export { controlCharReason, type TextShape } from './control-chars';
