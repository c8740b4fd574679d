// What other packages and tests use from the CLI: the topic declaration and the
// JSON ⇄ Avro conversions. The CLI itself is cli.ts.
export * from './topics';
export { fromJson, ConversionError } from './avro/from-json';
export { toJson } from './avro/to-json';
export { parseSchema, opsLogicalTypes } from './avro/types';
export { RequestClient, type Sent } from './request-client';
export { kafkaClient } from './kafka/client';
export { valueCodec } from './registry/codec';
export { loadOpsConfig } from './config';
export type { MessageJson } from './message-json';
export { mailStatus, deliveryRow, type MailStatusRow, type MailStatus } from './mail-status';
