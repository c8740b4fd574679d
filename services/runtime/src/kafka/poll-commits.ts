// The commits of every partition a process holds, made together: each transaction carries
// the replies and offsets of all the chunks that asked to commit while the one before was
// under way (a group commit), through one transactional producer per process. This is
// KIP-447's design (docs/benchmarks.md#light-load-latency-where-it-goes-and-what-was-tried-issue-29):
// at a light load, six partitions' chunks cost one transaction instead of six.
//
// Why a process that lost a partition cannot commit for it: every transaction's offsets
// claim the group generation and member id of the poll its chunks came from
// (txn-offset-commit.ts). Once the group has moved to a later generation, or forgotten the
// member, the group coordinator refuses them and the transaction, replies included, is
// aborted. A transaction whose offsets it accepted before the rebalance completes may
// still be committing when the next owner takes over; that owner reads the offset stable
// (stable-offsets.ts), which waits for it to settle. Chunks of different generations never
// share a transaction, so a chunk of an earlier poll cannot ride on a current claim.
//
// A transaction that fails for another reason fails every chunk in it:
// - when its outcome is unknown (a broker restart, a coordinator that moved, a timeout
//   during EndTxn), the producer is replaced before the next transaction. Initialising the
//   transactional id again settles the open transaction, and the committed offset then says
//   whether each chunk went out, as it does for one partition (partition-producers.ts).
// - unless the failure is transient (a broker away), its chunks are tried again one per
//   transaction, so that one partition's bad message (a reply the broker refuses) fails only
//   its own chunk.
// - the producer's own fencing (its transaction outlived the timeout below and the coordinator
//   aborted it) is transient: the fresh producer goes on.
import { randomUUID } from 'node:crypto';
import type { Kafka, Producer } from 'kafkajs';
import { type CommitTimes, type OutMessage, PartitionLostError } from '../transport';
import { isTransient, TransientError } from '../transient';
import { isFenced, isGroupFenced } from './errors';
import { transact } from './transact';
import { initialisedProducer } from './transactional-producer';
import { type GroupMetadata, txnOffsetCommitWithGeneration, withGroupMetadata } from './txn-offset-commit';

/** One chunk's commit. */
export interface PollCommit {
  topic: string;
  partition: number;
  out: OutMessage[];
  lastOffset: string;
  /** The membership of the poll the chunk came from. */
  meta: GroupMetadata;
  /** False once the partition may be another process's. */
  owned(): boolean;
}

interface Waiting extends PollCommit {
  resolve(t: CommitTimes): void;
  reject(err: unknown): void;
}

/** Where the committed offsets are read (partition-producers.ts: stable). */
export type CommittedOffset = (topic: string, partition: number) => Promise<bigint>;

/**
 * The process's commit lines: each partition always commits through the same one (so a
 * chunk whose transaction had an unknown outcome is settled on the line that made it), and
 * each line batches what waits for it. More than one lets a transaction start while the one
 * before is still having its markers written (KAFKA_TRANSACTION_LINES).
 */
export class PollCommits {
  private readonly lines: CommitLine[];

  constructor(kafka: Kafka, groupId: string, prefix: string, committed: CommittedOffset, lines = 1) {
    txnOffsetCommitWithGeneration();
    // Unique per process: two processes never share one (each would fence the other's).
    const process = randomUUID();
    this.lines = Array.from(
      { length: lines },
      (_, i) => new CommitLine(kafka, groupId, `${prefix}.poll.${process}.${i}`, committed),
    );
  }

  get transactionalIds(): string[] {
    return this.lines.map((l) => l.transactionalId);
  }

  /** Commits the chunk with the others waiting on its line; resolves once its transaction committed. */
  commit(c: PollCommit): Promise<CommitTimes> {
    return this.lines[lineOf(c, this.lines.length)]!.commit(c);
  }

  async close(): Promise<void> {
    await Promise.all(this.lines.map((l) => l.close()));
  }
}

function lineOf(c: { topic: string; partition: number }, lines: number): number {
  let h = c.partition;
  for (let i = 0; i < c.topic.length; i++) h = (h * 31 + c.topic.charCodeAt(i)) | 0;
  return Math.abs(h) % lines;
}

/** One transactional producer and the chunks waiting for its next transaction. */
export class CommitLine {
  private waiting: Waiting[] = [];
  private running = false;
  private producer?: Producer;
  /** The producer's last transaction failed: it is replaced before the next one. */
  private broken = false;
  /** Partitions whose last transaction has an unknown outcome, until the committed offset says. */
  private readonly unsure = new Set<string>();

  constructor(
    private readonly kafka: Kafka,
    private readonly groupId: string,
    readonly transactionalId: string,
    private readonly committed: CommittedOffset,
  ) {}

  /** Commits the chunk with the others waiting; resolves once its transaction committed. */
  commit(c: PollCommit): Promise<CommitTimes> {
    return new Promise<CommitTimes>((resolve, reject) => {
      this.waiting.push({ ...c, resolve, reject });
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        const generation = this.waiting[0]!.meta.generationId;
        const batch = this.waiting.filter((w) => w.meta.generationId === generation);
        this.waiting = this.waiting.filter((w) => w.meta.generationId !== generation);
        await this.run(batch, true);
      }
    } finally {
      this.running = false;
    }
  }

  /** Commits `batch` in one transaction; on failure, each of its chunks alone when `split`. Never rejects. */
  private async run(batch: Waiting[], split: boolean): Promise<void> {
    let live: Waiting[];
    try {
      live = await this.settle(batch);
    } catch (err) {
      for (const w of batch) w.reject(err);
      return;
    }
    if (live.length === 0) return;
    try {
      const times = await withGroupMetadata(live[0]!.meta, async () =>
        transact(
          await this.ready(),
          this.groupId,
          live.flatMap((w) => w.out),
          live,
        ),
      );
      for (const w of live) w.resolve(times);
    } catch (err) {
      this.broken = true;
      if (isGroupFenced(err)) {
        // Refused at TxnOffsetCommit, before EndTxn: nothing of it was committed.
        for (const w of live) w.reject(new PartitionLostError(`${key(w)}: the group moved on`, { cause: err }));
        return;
      }
      for (const w of live) this.unsure.add(key(w));
      const failure = isFenced(err) ? new TransientError('the transaction outlived its timeout', { cause: err }) : err;
      if (split && live.length > 1 && !isTransient(failure)) {
        for (const w of live) await this.run([w], false);
        return;
      }
      for (const w of live) w.reject(failure);
    }
  }

  /**
   * Replaces a broken producer, then resolves the chunks its unknown transaction committed
   * after all, and refuses those whose partition is no longer owned; returns the rest.
   */
  private async settle(batch: Waiting[]): Promise<Waiting[]> {
    if (this.broken) {
      await this.producer?.disconnect().catch(() => undefined);
      this.producer = undefined;
      await this.ready();
      this.broken = false;
    }
    const live: Waiting[] = [];
    for (const w of batch) {
      if (!this.unsure.has(key(w))) {
        live.push(w);
        continue;
      }
      const past = (await this.committed(w.topic, w.partition)) > BigInt(w.lastOffset);
      this.unsure.delete(key(w));
      // Only the owner's commits move the offset: once it may have changed hands, the offset says nothing of this one.
      if (!w.owned()) w.reject(new PartitionLostError(`${key(w)} is no longer owned`));
      else if (past) w.resolve({ produceMs: 0 });
      else live.push(w);
    }
    return live;
  }

  /** The producer, initialised: its first transaction's id initialisation settles any transaction left open. */
  private async ready(): Promise<Producer> {
    if (this.producer) return this.producer;
    // A process killed inside a transaction whose offsets the group accepted has it aborted
    // after 10 s (and the coordinator's sweep, 10 s by default), before the default session
    // timeout (30 s) gives its partitions away: the next owner's stable read of the offset
    // (stable-offsets.ts) does not wait on it.
    const producer = await initialisedProducer(this.kafka, this.transactionalId, 10_000);
    this.producer = producer;
    return producer;
  }

  /** Refuses what still waits and closes the producer (the transport has drained its commits first). */
  async close(): Promise<void> {
    for (const w of this.waiting.splice(0)) w.reject(new PartitionLostError(`${key(w)}: the process is stopping`));
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
  }
}

function key(c: { topic: string; partition: number }): string {
  return `${c.topic}:${c.partition}`;
}
