// An outage is not a wave of bad messages. A message that fails alone for good is
// poison only when the dependencies serve and the messages before it did not fail the
// same way: before it is dead-lettered, the partition asks the worker's probe
// (probe.ts), and counts the messages in a row that failed for good. When the probe
// fails, or when OUTAGE_FAILURES_IN_ROW messages in a row fail, the partition holds the
// message and waits with backoff (full jitter, backoff.ts), then tries it again: a
// dependency that fails in a way transient.ts cannot classify still leaves nothing
// dead-lettered or answered with an error. Meanwhile readiness is false, the gauge
// worker_partition_waiting is 1 for the partition, and `partition.waiting` is logged
// at warn (again at error once the wait outlasts OUTAGE_ALERT_AFTER_MS: the
// dependency does not come back by itself, someone must act); `partition.resumed` at
// info when the message goes through.
import { backoffDelay, sleep } from '../backoff';
import type { InMessage, PartitionSession } from '../transport';
import { clip } from './bounds';
import type { RetryOptions } from './retry';

export interface OutageOptions {
  /** Messages in a row failing alone for good before the partition waits instead of dead-lettering (≥ 2). */
  failuresInRow: number;
  /** A wait longer than this is logged at error. */
  alertAfterMs: number;
  /** null when every dependency serves, else the failure of one (probe.ts's probeAll). */
  probe(): Promise<Error | null>;
}

/** Per partition, kept across its batches while this process holds it. */
export class PartitionHealth {
  /** Messages in a row that failed alone for good (each dead-lettered). */
  failedInRow = 0;
}

export interface OutageContext extends RetryOptions {
  outage: OutageOptions;
  health: PartitionHealth;
}

export type Verdict = { wait: false } | { wait: true; reason: 'probe' | 'in_row'; error: unknown };

/** `err` made a message fail alone for good: is it poison (dead-letter it), or must the partition wait? */
export async function judge(err: unknown, o: OutageContext): Promise<Verdict> {
  const down = await o.outage.probe();
  if (down) return { wait: true, reason: 'probe', error: down };
  if (o.health.failedInRow + 1 >= o.outage.failuresInRow) return { wait: true, reason: 'in_row', error: err };
  return { wait: false };
}

const message = (err: unknown): string => clip(err instanceof Error ? err.message : String(err));

/** The waits for one held message: readiness, gauge and logs from the first wait to `end`. */
export class PartitionWait {
  private started = 0;
  private attempts = 0;
  private alerted = false;
  private readonly what: string;

  constructor(
    private readonly msg: InMessage,
    private readonly o: OutageContext,
  ) {
    this.what = `waiting ${msg.topic}[${msg.partition}]`;
  }

  private fields(v: Extract<Verdict, { wait: true }>): Record<string, unknown> {
    const { topic, partition, offset } = this.msg;
    return {
      topic,
      partition,
      offset,
      reason: v.reason,
      failedInRow: this.o.health.failedInRow,
      error: message(v.error),
    };
  }

  /** Waits the next backoff delay before the message is tried again (rejects when stopped). */
  async next(v: Extract<Verdict, { wait: true }>, session: PartitionSession): Promise<void> {
    const { metrics, logger } = this.o;
    if (this.attempts === 0) {
      this.started = Date.now();
      this.o.setDegraded(this.what, v.reason);
      metrics.partitionWaiting.inc({ topic: this.msg.topic });
      metrics.partitionWaits.inc({ topic: this.msg.topic, reason: v.reason });
      logger.warn('partition.waiting', this.fields(v));
    } else if (!this.alerted && Date.now() - this.started > this.o.outage.alertAfterMs) {
      this.alerted = true;
      logger.error('partition.waiting', { ...this.fields(v), waitedMs: Date.now() - this.started });
    }
    const delayMs = backoffDelay(this.attempts++, this.o.retry);
    await sleep(delayMs, this.o.signal);
    await session.heartbeat().catch(() => undefined);
  }

  /** The held message went through (`answered` or `dead_lettered`), or the partition stopped. */
  end(outcome: 'answered' | 'dead_lettered' | 'stopped'): void {
    if (this.attempts === 0) return;
    this.o.setDegraded(this.what, null);
    this.o.metrics.partitionWaiting.dec({ topic: this.msg.topic });
    const { topic, partition, offset } = this.msg;
    const waitedMs = Date.now() - this.started;
    this.o.logger.info('partition.resumed', { topic, partition, offset, outcome, waits: this.attempts, waitedMs });
    this.attempts = 0;
  }
}
