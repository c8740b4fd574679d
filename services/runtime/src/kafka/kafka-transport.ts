// The Kafka backend of the runtime's Transport, and the only module that consumes
// with kafkajs. Consumption is read_committed with no auto-commit: offsets are
// committed only inside the transaction that also carries the replies, so a process
// that lost a partition cannot commit for it any more. KAFKA_TRANSACTIONS says how:
// `process`, one transaction for the chunks of all partitions ready at once, its offsets
// claiming the group generation they were fetched in (poll-commits.ts); `partition`, the
// partition's own transactional producer (partition-producers.ts).
//
// Liveness: kafkajs heartbeats only between batches, so while a batch is in hand a
// ticker heartbeats at the group's interval; a rebalance noticed there makes the
// session unowned (the chunk in hand is dropped, not committed) and is rethrown
// after the batch so kafkajs rejoins at once.
import { produceFixActive } from '../produce-fix';
import type { Consumer, EachBatchPayload, IHeaders, Kafka, Producer } from 'kafkajs';
import type { BaseConfig } from '../config';
import type { Logger } from '../logger';
import {
  PartitionLostError,
  type BatchHandler,
  type CommitTimes,
  type InMessage,
  type PartitionSession,
  type Transport,
} from '../transport';
import { kafkaClient } from './client';
import { isFenced, isRebalance } from './errors';
import { CommittedMarks } from './committed-marks';
import { generationOf, recordGroupGenerations } from './group-generation';
import { InFlightCommits } from './in-flight-commits';
import { PartitionProducers } from './partition-producers';
import { PollCommits } from './poll-commits';
import { StableOffsets } from './stable-offsets';
import { transact } from './transact';
import type { GroupMetadata } from './txn-offset-commit';

function headersOf(h: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) out[k] = first.toString();
  }
  return out;
}

export interface KafkaTransportOptions {
  clientId: string;
  groupId: string;
  /** Prefix of the per-partition transactional ids (the same in every process of the group). */
  transactionalIdPrefix: string;
  partitionsConcurrently: number;
  logger: Logger;
}

export class KafkaTransport implements Transport {
  /** Per partition (`topic:partition`), the producer whose last commit has an unknown outcome. */
  private readonly unsure = new Map<string, Producer>();
  private readonly kafka: Kafka;
  private readonly producers: PartitionProducers;
  /** KAFKA_TRANSACTIONS=process: the process's one transactional line. */
  private readonly poll?: PollCommits;
  /** KAFKA_TRANSACTIONS=process: the commits under way, which a rejoin's first batch waits for. */
  private readonly inFlight = new InFlightCommits();
  /** The group membership of the current generation (KAFKA_TRANSACTIONS=process). */
  private membership?: GroupMetadata;
  private consumer?: Consumer;
  private generation = 0;
  private stopping = false;
  /** Per partition, the highest offset handed back to kafkajs (released or committed). */
  private readonly handedBack = new Map<string, bigint>();
  private readonly committedHere = new CommittedMarks();
  /**
   * Per partition taken over, the committed offset read at the take-over, until a commit checks it
   * again. The read is stable (stable-offsets.ts: no transaction of the group pending), and this
   * check stays as a second guard, for an answer from before the previous owner's last commit
   * that no read here foresees. Once fenced, the previous owner can commit nothing more, so an
   * offset that moved after the take-over is its last commit landing late: what this process
   * computed below it was answered already and must not go out.
   */
  private readonly toVerify = new Map<string, bigint>();
  /** Partitions fenced in this generation: paused until the group rebalances. */
  private readonly lost = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly config: BaseConfig,
    private readonly o: KafkaTransportOptions,
  ) {
    this.kafka = kafkaClient(config, o.clientId, { logger: o.logger });
    // A producer on kafkajs's own send step loses messages when a broker goes away (produce-fix.ts).
    if (!produceFixActive())
      throw new TypeError('kafkajs send step not replaced: import @workers/runtime/produce-fix first');
    const perProcess = config.KAFKA_TRANSACTIONS === 'process';
    this.producers = new PartitionProducers(
      this.kafka,
      o.groupId,
      o.transactionalIdPrefix,
      new StableOffsets(this.kafka, o.groupId),
      !perProcess,
    );
    if (perProcess) {
      recordGroupGenerations();
      this.poll = new PollCommits(
        this.kafka,
        o.groupId,
        o.transactionalIdPrefix,
        (t, p) => this.producers.committedOffset(t, p),
        config.KAFKA_TRANSACTION_LINES,
      );
    }
  }

  async existingTopics(): Promise<Set<string>> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return new Set(await admin.listTopics());
    } finally {
      await admin.disconnect();
    }
  }

  private get heartbeatMs(): number {
    return Math.min(3_000, Math.floor(this.config.KAFKA_SESSION_TIMEOUT_MS / 3));
  }

  async start(topics: string[], onBatch: BatchHandler, onFatal: (err: Error) => void): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.o.groupId,
      readUncommitted: false,
      sessionTimeout: this.config.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatInterval: this.heartbeatMs,
      // How long an idle fetch waits at the broker; stop() waits for the fetch in flight.
      maxWaitTimeInMs: this.config.KAFKA_FETCH_MAX_WAIT_MS,
      minBytes: this.config.KAFKA_FETCH_MIN_BYTES,
      maxBytesPerPartition: this.config.KAFKA_FETCH_MAX_BYTES_PER_PARTITION,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, (e) => void this.joined(e.payload.memberAssignment, e.payload.memberId));
    consumer.on(consumer.events.CRASH, (e) => {
      if (!e.payload.restart && !this.stopping) onFatal(e.payload.error);
    });
    await consumer.connect();
    for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.o.partitionsConcurrently,
      eachBatch: (p) => this.eachBatch(p, onBatch),
    });
  }

  /** A new generation: fenced partitions may resume, producers of lost partitions go. */
  private async joined(assignment: Record<string, number[]>, memberId: string): Promise<void> {
    this.generation++;
    const generationId = generationOf(memberId);
    this.membership = generationId === undefined ? undefined : { generationId, memberId };
    for (const [key, timer] of this.lost) {
      clearTimeout(timer);
      this.resume(key);
    }
    this.lost.clear();
    await this.producers.retain(assignment);
  }

  /**
   * Pauses, resumes or seeks. kafkajs refuses these (a non-retriable error) while it restarts its
   * consumer after a crash; the restart rejoins the group, which resumes every partition from its
   * committed offset, so the call has nothing left to do. Thrown from a timer or a commit, the
   * refusal would end the process or dead-letter a chunk that was only fenced.
   */
  private steer(action: string, call: (c: Consumer) => void): void {
    if (!this.consumer) return;
    try {
      call(this.consumer);
    } catch (err) {
      this.o.logger.warn('kafka.client', {
        message: `${action} skipped: the consumer is restarting`,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }

  private resume(key: string): void {
    const [topic = '', p = ''] = key.split(':');
    this.steer('resume', (c) => c.resume([{ topic, partitions: [Number(p)] }]));
  }

  /** Fenced: another process owns the partition. Pause it until the group rebalances
   * (or a session timeout passes, after which a zombie has certainly been expelled). */
  private markLost(topic: string, partition: number): void {
    const key = `${topic}:${partition}`;
    if (this.lost.has(key)) return;
    this.steer('pause', (c) => c.pause([{ topic, partitions: [partition] }]));
    const timer = setTimeout(() => {
      this.lost.delete(key);
      void this.producers.drop(topic, partition).then(() => this.resume(key));
    }, this.config.KAFKA_SESSION_TIMEOUT_MS);
    timer.unref();
    this.lost.set(key, timer);
  }

  /** See `toVerify`: drops the chunk in hand (rewound, then skipped up to the offset) when it moved. */
  private async verifyTakeOver(topic: string, partition: number): Promise<void> {
    const key = `${topic}:${partition}`;
    const readAt = this.toVerify.get(key);
    if (readAt === undefined) return;
    const now = await this.producers.committedOffset(topic, partition);
    if (now <= readAt) {
      this.toVerify.delete(key);
      return;
    }
    this.toVerify.set(key, now);
    this.committedHere.note(key, (now - 1n).toString());
    throw new PartitionLostError(`${key}: the previous owner's commit to ${now} landed after the take-over`);
  }

  private async eachBatch(p: EachBatchPayload, onBatch: BatchHandler): Promise<void> {
    // The moment kafkajs handed the batch over: what came before was the fetch (its wait at the broker
    // included), what comes after is ours.
    const fetchedAt = Date.now();
    const { topic, partition } = p.batch;
    const key = `${topic}:${partition}`;
    const generation = this.generation;
    const membership = this.membership;
    if (this.lost.has(key) || this.stopping) return;
    const { committed } = await this.producers.acquire(topic, partition, generation, () => this.inFlight.settled(key));
    let messages: InMessage[] = p.batch.messages.map((m) => ({
      topic,
      partition,
      offset: m.offset,
      key: m.key ? m.key.toString() : null,
      value: m.value,
      headers: headersOf(m.headers),
      producedAt: Number(m.timestamp),
      fetchedAt,
    }));
    const { done: again, todo } = this.committedHere.split(key, messages);
    if (again.length > 0) {
      p.resolveOffset(again[again.length - 1]!.offset);
      messages = todo;
      if (messages.length === 0) return;
    }
    if (committed !== null) this.toVerify.set(key, committed);
    if (committed !== null) {
      const back = this.handedBack.get(key);
      this.handedBack.delete(key);
      if (back !== undefined && back >= committed && messages.length > 0 && BigInt(messages[0]!.offset) > committed) {
        // This process handed messages back to kafkajs in the generation before and their
        // commit never went out (it was still being retried when the group rejoined), yet
        // kafkajs kept its position past them: they must come again, from the committed offset.
        this.steer('seek', (c) => c.seek({ topic, partition, offset: committed.toString() }));
        return;
      }
    }
    if (committed !== null) {
      // A previous owner committed past what kafkajs fetched before this process fenced it.
      const done = messages.filter((m) => BigInt(m.offset) < committed);
      if (done.length > 0) p.resolveOffset(done[done.length - 1]!.offset);
      messages = messages.filter((m) => BigInt(m.offset) >= committed);
      if (messages.length === 0) return;
    }
    let rebalance: unknown;
    // The highest offset handed back (released or committed): kafkajs's resolveOffset
    // overwrites, and its next fetch starts past the last one, so a chunk's messages
    // committed one by one after it was released (the engine isolating them) must not
    // move it back, or what follows would be fetched, and answered, again.
    let resolved = -1n;
    const resolve = (offset: string): void => {
      if (BigInt(offset) <= resolved) return;
      resolved = BigInt(offset);
      this.handedBack.set(key, resolved);
      p.resolveOffset(offset);
    };
    const beat = async (): Promise<void> => {
      try {
        await p.heartbeat();
      } catch (err) {
        if (!isRebalance(err)) throw err;
        rebalance ??= err;
      }
    };
    const ticker = setInterval(() => void beat().catch(() => undefined), this.heartbeatMs);
    const session: PartitionSession = {
      acquired: committed !== null,
      running: () => !this.stopping && p.isRunning(),
      owned: () => rebalance === undefined && generation === this.generation && !this.lost.has(key) && !p.isStale(),
      heartbeat: beat,
      commit: async (out, lastOffset) => {
        if (!session.owned()) throw new PartitionLostError(`${key} is no longer owned`);
        await this.verifyTakeOver(topic, partition);
        if (this.poll) {
          if (!membership) throw new TypeError(`${key}: no group generation recorded for this batch`);
          // Checked again after the await above, and tracked in the same turn: a rejoin's first
          // batch waits for every commit that got past this check (in-flight-commits.ts).
          if (!session.owned()) throw new PartitionLostError(`${key} is no longer owned`);
          const times = await this.inFlight.track(
            key,
            this.poll.commit({ topic, partition, out, lastOffset, meta: membership, owned: session.owned }),
          );
          this.committedHere.note(key, lastOffset);
          resolve(lastOffset);
          return times;
        }
        // The partition's producer at this moment: a batch fetched earlier may have seen
        // another, since replaced (below) by a commit of its own.
        let producer = (await this.producers.acquire(topic, partition, generation)).producer;
        if (!producer) throw new TypeError(`${key}: no partition producer`);
        const broken = this.unsure.get(key);
        if (broken) {
          // The last commit of this partition failed after its EndTxn may have reached the
          // coordinator (a broker restart, a coordinator that moved, a timeout), and that
          // producer's transaction state is unusable. A fresh one settles the open
          // transaction first; the committed offset then says whether it went out. Past this
          // chunk, it did: its replies are out, and sending them again would answer twice.
          producer = await this.producers.renew(topic, partition, generation, broken);
          this.unsure.delete(key);
          const past = (await this.producers.committedOffset(topic, partition)) > BigInt(lastOffset);
          // Only the owner's own commits move the offset, and they go in order: a rebalance
          // during the renewal voids that reasoning (the next owner may have committed).
          if (!session.owned()) throw new PartitionLostError(`${key} is no longer owned`);
          if (past) {
            this.committedHere.note(key, lastOffset);
            resolve(lastOffset);
            return { produceMs: 0 };
          }
        }
        let times: CommitTimes;
        try {
          times = await transact(producer, this.o.groupId, out, [{ topic, partition, lastOffset }]);
        } catch (err) {
          if (!isFenced(err)) {
            this.unsure.set(key, producer);
            throw err;
          }
          // A commit of an earlier generation is fenced by this process's own producer of
          // the new one: it says nothing about who owns the partition now.
          if (generation === this.generation) this.markLost(topic, partition);
          throw new PartitionLostError(`${key}: fenced by a newer owner`, { cause: err });
        }
        this.committedHere.note(key, lastOffset);
        resolve(lastOffset);
        return times;
      },
      release: (offset) => {
        if (generation === this.generation) resolve(offset);
      },
      rewind: (offset) => {
        if (generation !== this.generation) return;
        resolved = BigInt(offset) - 1n;
        this.steer('seek', (c) => c.seek({ topic, partition, offset }));
      },
    };
    try {
      await onBatch(messages, session);
    } finally {
      clearInterval(ticker);
    }
    if (rebalance !== undefined && !this.stopping) throw rebalance;
  }

  /** Stops fetching, lets the batches in hand and the commits under way finish (the worker bounds how long), closes. */
  async stop(drain?: () => Promise<void>): Promise<void> {
    this.stopping = true;
    for (const t of this.lost.values()) clearTimeout(t);
    await this.consumer?.stop().catch(() => undefined);
    await drain?.();
    await this.poll?.close();
    await this.producers.closeAll();
    await this.consumer?.disconnect().catch(() => undefined);
  }
}
