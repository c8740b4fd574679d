// The shared worker runtime's public surface.
export * from './codes';
export * from './config';
export * from './route';
export * from './transient';
export { createLogger, REDACT_PATHS, type Logger } from './logger';
export { LOG_EVENTS, METRIC_NAMES, type LogEvent, type MetricName } from './names';
export { Metrics } from './metrics';
export { registryCodec, MalformedError, type Codec } from './codec';
export { DecimalMinorUnits, avroLogicalTypes } from './decimal';
export { DLQ_HEADERS } from './dead-letter';
export { contentHash, type ProcessedStore, type ProcessedRecord } from './processed';
export { Worker, type WorkerOptions } from './worker';
export { runMain } from './main-helper';
export { ensureExpiryIndex } from './expiry-index';
export { applyOnce, type AppliedMark, type Marked, type MarkedStore, type Step } from './store/marked';
export { mongoMarkedStore, MARKS_KEPT } from './store/mongo-marked';
export { memoryMarkedStore } from './store/memory-marked';
