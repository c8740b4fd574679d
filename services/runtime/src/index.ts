// The shared worker runtime's public surface.
import './produce-fix';
export * from './codes';
export { backoffDelay, exponentialDelay, sleep, type BackoffOptions } from './backoff';
export * from './config';
export { isPublishedKey, PUBLISHED_KEYS, publishedKeyProblems } from './published-keys';
export * from './route';
export { requiredCodes, validateRoutes, RouteError, type RouteCheckEnv } from './route-check';
export * from './transient';
export { createLogger, REDACT_PATHS, type Logger } from './logger';
export { CHUNK_STEPS, LOG_EVENTS, METRIC_NAMES, type ChunkStep, type LogEvent, type MetricName } from './names';
export { Metrics } from './metrics';
export { registryCodec, MalformedError, type Codec } from './codec';
export { DecimalMinorUnits, avroLogicalTypes } from './decimal';
export { DLQ_HEADERS } from './dead-letter';
export { contentHash, processedKey, type ProcessedStore, type ProcessedRecord } from './processed';
export { Worker, type WorkerOptions } from './worker';
export { runMain, type Lifecycle } from './main-helper';
export { ensureExpiryIndex } from './expiry-index';
export {
  keepMarks,
  OLDER_MARKS_KEPT,
  type AppliedMark,
  type EntityStore,
  type EntityWrite,
  type Versioned,
} from './store/entity-store';
export { groupBy } from './group-by';
export { appliedRequestIds, mongoEntityStore } from './store/mongo-entity-store';
export { duplicateKeyIndexes, DUPLICATE_KEY } from './store/bulk-errors';
export { watchMongoMonitors } from './store/mongo-monitor';
export { memoryEntityStore, type MemoryEntityStore } from './store/memory-entity-store';
export { mongoProcessedStore, readProcessed, PROCESSED_COLLECTION } from './store/mongo-processed';
export { memoryProcessedStore, type MemoryProcessedStore } from './store/memory-processed';
export {
  PartitionLostError,
  type Transport,
  type InMessage,
  type OutMessage,
  type PartitionSession,
  type CommitTimes,
} from './transport';
export { KafkaTransport } from './kafka/kafka-transport';
export { createTopicsReady } from './kafka/create-topics';
export { StableOffsets } from './kafka/stable-offsets';
export { PollCommits } from './kafka/poll-commits';
export { generationOf, recordGroupGenerations } from './kafka/group-generation';
export { openDatabase, startWorker } from './worker-main';
export { probeAll, type DependencyProbe } from './probe';
export { mongoProbe, PROBE_COLLECTION } from './store/mongo-probe';
export { kafkaClient, saslOptions, type KafkaClientOptions, type KafkaSettings } from './kafka/client';
export { MemoryTransport } from './memory-transport';
export { MemoryCodec, frame } from './memory-codec';
export { MAX_ID_LENGTH, idProblem } from './engine/bounds';
export {
  fieldCrypto,
  FIELD_FORMAT,
  FieldFormatError,
  KeyError,
  type FieldCrypto,
  type FieldAt,
  type EncryptedField,
} from './field-crypto';
export { fieldCryptoFromConfig, fieldCryptoOrConfigError, emailKeyConfigShape, parseKey } from './field-keys';
