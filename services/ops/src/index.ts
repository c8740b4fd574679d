// What other packages and tests use from the CLI: the topic declaration, the JSON ⇄
// Avro conversions, and the Kafka readers, dead-letter handling and open-items read
// the operator console (services/console) shares with it. The CLI itself is cli.ts.
import '@workers/runtime/produce-fix';
export * from './topics';
export { fromJson, ConversionError } from './avro/from-json';
export { toJson } from './avro/to-json';
export { parseSchema, opsLogicalTypes } from './avro/types';
export { clientOptions, operatorRequest, serviceOf, type OperatorRequest } from './operator-request';
export { OperatorSender } from './operator-sender';
export { kafkaClient, kafkaSettings } from './kafka/client';
export { readTopic, type RawMessage, type ReadEnd } from './kafka/reader';
export { partitionBounds, withAdmin } from './kafka/admin';
export { valueCodec, type ValueCodec, type Decoded } from './registry/codec';
export { loadOpsConfig, type OpsConfig } from './config';
export { resolveEnv, ENDPOINT_KEYS } from './env';
export { OpsError } from './exit';
export { headerText, isoTime, messageJson, type MessageJson } from './message-json';
export { describeEntry, dlqNamedBy, replayOf, REPLAYED_FROM, type Replay } from './dlq-entry';
export { plannedReplays, sendReplays, type Replayed, type ReplayPlan } from './dlq-replay';
export { replayRefusal, type Refusal } from './dlq-origin';
export type { OffsetArg } from './positions';
export { listOpenItems, OpenItemsError, type OpenItem } from '@workers/contact-worker';
export { mailStatus, deliveryRow, type MailStatusRow, type MailStatus } from './mail-status';
