// The console's memory of the topics: one consumer (a throw-away group, nothing
// committed, read_committed like the workers' reply consumers) follows every declared
// topic from its first offset and keeps each message's position, key, headers and
// decoded value, looked up by key, requestId, correlation id and event id. A trace is
// then a few map look-ups instead of a scan of every topic.
//
// On demand (issue 29: the console must not slow the workers): nothing is read until a
// page that needs the index calls `wake()`; `idleMs` after the last such call the
// consumer is paused and the index holds what it has; the next `wake()` resumes it where
// it stopped. Each wake reads what was written meanwhile: `caughtUp` is false and
// `progress` says how much of that backlog is read, so pages can say how far they reach.
// Fetches wait for FETCH_MIN_BYTES (or FETCH_WAIT_MS) so the index wakes less often in a
// burst, and a big batch is read in slices of SLICE_MS with the event loop let through
// between them, so the HTTP server stays responsive while it catches up.
//
// What is held, masked and bounded, is index-entries.ts's. `caughtUp` is true once every
// partition reached the end offset it had when the index last woke.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setImmediate as letLoopThrough } from 'node:timers/promises';
import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { ValueCodec } from '@workers/ops';
import type { ConsoleLogger } from '../logger';
import { IndexEntries } from './index-entries';
import { OnDemand } from './on-demand';

export type { Indexed } from './index-entries';

/** A fetch is answered once this much is there, or after FETCH_WAIT_MS: in a burst the index reads big chunks, seldom. */
const FETCH_MIN_BYTES = 256 * 1024;
const FETCH_WAIT_MS = 1000;
/** Longest stretch of reading before the event loop is let through (HTTP answers, timers, heartbeats). */
const SLICE_MS = 10;
/** How long `wake()` waits for the index to catch up before a page answers with what it has. */
const CATCH_UP_WAIT_MS = 1000;

export interface IndexStatus {
  /** Reading the topics, or about to (a page asked for it within the idle time). */
  following: boolean;
  /** When it was last paused for want of readers (null: following, or never started). */
  pausedAt: number | null;
  /** Every partition reached the end offset it had at the last wake. */
  caughtUp: boolean;
  /** Of what was behind at the last wake, the share read: 0–100. */
  progress: number;
  messages: number;
  bytes: number;
  failed: string | null;
  forgottenBefore: number | null;
}

/** Per partition: where reading stood at the last wake, and the end offset it had then. */
interface Span {
  from: number;
  high: number;
}

export class TopicIndex extends IndexEntries {
  private readonly next = new Map<string, number>();
  private spans = new Map<string, Span>();
  private readonly demand: OnDemand;
  private consumer?: Consumer;
  private topics: string[] = [];
  private paused = false;
  private pausedAt: number | null = null;
  private crashed: string | null = null;
  private wakeError: string | null = null;
  private caught = false;
  private untilCaught: Promise<void> = Promise.resolve();
  private release: () => void = () => undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly codec: ValueCodec,
    private readonly options: { topics: readonly string[]; messages: number; bytes: number; idleMs: number },
    private readonly logger: ConsoleLogger,
  ) {
    super(options);
    this.demand = new OnDemand(
      options.idleMs,
      { wake: () => this.follow(), sleep: () => this.pause() },
      (step, err) => {
        const error = err instanceof Error ? err.message : String(err);
        if (step === 'wake') this.wakeError = error;
        this.logger.warn('index.failed', { step, error });
      },
    );
  }

  /**
   * What a page that reads the index calls first: the index starts (or resumes) following
   * the topics and stays awake `idleMs` more. Resolves once it has read what was written
   * before, or after `waitMs`: the page then answers with what it has, and `status()` says
   * how far that reaches.
   */
  async wake(waitMs = CATCH_UP_WAIT_MS): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      // A consumer stopped for good never catches up: no wait for it.
      this.demand.touch().then(() => (this.crashed ? undefined : this.untilCaught)),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, waitMs);
      }),
    ]);
    clearTimeout(timer);
  }

  /** Measures how far behind it is, then starts the consumer (the first time) or resumes it. */
  private async follow(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const topics = this.consumer ? this.topics : await present(admin, this.options.topics);
      await this.measure(admin, topics);
      // Before the consumer resumes: a batch it hands over at once must not be dropped as paused.
      this.paused = false;
      if (this.consumer) this.consumer.resume(this.topics.map((topic) => ({ topic })));
      else if (topics.length > 0) await this.run(topics);
    } finally {
      // Never a failed wake for this: the consumer may be reading already.
      await admin.disconnect().catch(() => undefined);
    }
    this.pausedAt = null;
    this.wakeError = null;
    this.logger.info('index.woken', { messages: this.size, progress: this.progress() });
  }

  private async measure(admin: Admin, topics: readonly string[]): Promise<void> {
    const spans = new Map<string, Span>();
    for (const t of topics) {
      for (const p of await admin.fetchTopicOffsets(t)) {
        const tp = `${t}:${p.partition}`;
        spans.set(tp, { from: Math.max(this.next.get(tp) ?? 0, Number(p.low)), high: Number(p.high) });
      }
    }
    this.spans = spans;
    this.caught = false;
    this.untilCaught = new Promise((resolve) => {
      this.release = resolve;
    });
    this.checkCaughtUp();
  }

  private async run(topics: string[]): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: `console-${randomUUID()}`,
      readUncommitted: false,
      allowAutoTopicCreation: false,
      minBytes: FETCH_MIN_BYTES,
      maxWaitTimeInMs: FETCH_WAIT_MS,
    });
    // A batch of control records or aborted messages only is never handed to eachBatch.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (payload.batchSize === 0)
        this.advance(`${payload.topic}:${payload.partition}`, Number(payload.lastOffset) + 1);
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart) return;
      this.crashed = payload.error.message;
      this.release();
      this.logger.error('index.failed', { step: 'read', error: payload.error.message });
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: true });
      await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (p) => this.read(p) });
    } catch (err) {
      await consumer.disconnect().catch(() => undefined);
      throw err;
    }
    this.consumer = consumer;
    this.topics = topics;
  }

  private async read({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const tp = `${batch.topic}:${batch.partition}`;
    let sliceStart = performance.now();
    for (const message of batch.messages) {
      // Paused, stopping or seeking: what is not resolved is fetched again when it resumes.
      if (this.paused || !isRunning() || isStale()) return;
      // Held already (fetched again after a pause mid-batch): not decoded nor counted twice.
      if (!this.get(`${tp}:${message.offset}`))
        this.add(
          batch.topic,
          batch.partition,
          message,
          message.value ? await this.codec.decodeJson(message.value) : { error: 'the message has no value' },
        );
      resolveOffset(message.offset);
      this.advance(tp, Number(message.offset) + 1);
      if (performance.now() - sliceStart >= SLICE_MS) {
        await letLoopThrough();
        await heartbeat();
        sliceStart = performance.now();
      }
    }
    // The control record closing a transaction, after the batch's last message, counts as read.
    this.advance(tp, Number(batch.lastOffset()) + 1);
  }

  /** Nobody asked for `idleMs`: the consumer stops fetching, the index keeps what it has. */
  private async pause(): Promise<void> {
    if (!this.consumer) return;
    this.paused = true;
    this.pausedAt = Date.now();
    this.consumer.pause(this.topics.map((topic) => ({ topic })));
    this.release();
    this.logger.info('index.paused', { messages: this.size, progress: this.progress() });
  }

  private advance(tp: string, to: number): void {
    if (to <= (this.next.get(tp) ?? 0)) return;
    this.next.set(tp, to);
    if (!this.caught && to >= (this.spans.get(tp)?.high ?? 0)) this.checkCaughtUp();
  }

  private reached(tp: string, s: Span): number {
    return Math.min(s.high, Math.max(this.next.get(tp) ?? 0, s.from));
  }

  private checkCaughtUp(): void {
    if ([...this.spans].every(([tp, s]) => this.reached(tp, s) >= s.high)) {
      this.caught = true;
      this.release();
      this.logger.info('index.caught_up', { messages: this.size });
    }
  }

  /** 100 once caught up; 0 before the first wake. */
  private progress(): number {
    if (this.caught) return 100;
    let behind = 0;
    let read = 0;
    for (const [tp, s] of this.spans) {
      behind += Math.max(0, s.high - s.from);
      read += Math.max(0, this.reached(tp, s) - s.from);
    }
    return behind === 0 ? 0 : Math.floor((100 * read) / behind);
  }

  status(): IndexStatus {
    return {
      following: this.demand.isAwake,
      pausedAt: this.pausedAt,
      caughtUp: this.caught,
      progress: this.progress(),
      messages: this.size,
      bytes: this.heldBytes,
      failed: this.crashed ?? this.wakeError,
      forgottenBefore: this.forgottenBefore,
    };
  }

  async stop(): Promise<void> {
    this.demand.stop();
    this.release();
    await this.consumer?.disconnect().catch(() => undefined);
  }
}

/** The declared topics that exist (a topic created later is followed from the console's next start). */
async function present(admin: Admin, declared: readonly string[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  return declared.filter((t) => existing.has(t));
}
