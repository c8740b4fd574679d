// One log line and the metrics of each answered request (the operator's record of
// what happened to it). Only ids, codes and clipped reasons: never a payload.
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { InMessage } from '../transport';
import { clip } from './bounds';
import type { ComputeStep } from './chunk-timing';

export interface Answered {
  requestId: string;
  operation: string;
  code: string;
  /** Answered from the processed-requests record (a re-send or a redelivery). */
  replayed: boolean;
  /** Why a request was malformed, when it was. */
  error?: string;
}

export function reportAnswer(
  deps: { logger: Logger; metrics: Metrics },
  msg: InMessage,
  a: Answered,
  started: number,
): void {
  const durationMs = Date.now() - started;
  const fields = {
    topic: msg.topic,
    partition: msg.partition,
    offset: msg.offset,
    requestId: clip(a.requestId, 128),
    operation: clip(a.operation, 64),
    messageCode: a.code,
    durationMs,
    ...(a.error ? { error: clip(a.error) } : {}),
  };
  deps.metrics.requests.inc({ topic: msg.topic, operation: a.operation, code: a.code });
  deps.metrics.duration.observe({ topic: msg.topic, operation: a.operation }, durationMs / 1000);
  if (a.replayed) {
    deps.metrics.replays.inc({ topic: msg.topic });
    deps.logger.info('request.replayed', fields);
  } else if (a.error) {
    deps.logger.warn('request.processed', fields);
  } else {
    deps.logger.info('request.processed', fields);
  }
}

/** Observes the time since the previous step of a chunk under the step's name, and keeps its ms in `into` if given. */
export function stepTimer(
  metrics: Metrics,
  topic: string,
  into?: Partial<Record<ComputeStep, number>>,
): (step: ComputeStep) => void {
  let last = process.hrtime.bigint();
  return (step) => {
    const now = process.hrtime.bigint();
    const ns = Number(now - last);
    metrics.step.observe({ topic, step }, ns / 1e9);
    if (into) into[step] = ns / 1e6;
    last = now;
  };
}
