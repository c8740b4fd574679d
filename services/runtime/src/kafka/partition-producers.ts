// The take-overs of partitions (each generation's first batch reads the committed offset)
// and, with KAFKA_TRANSACTIONS=partition (the default), one transactional producer per owned
// input partition, with the transactional id `<prefix>.<topic>.<partition>` (Kafka Streams'
// pre-KIP-447 design). With KAFKA_TRANSACTIONS=process the transactions are per process,
// fenced by the group generation (poll-commits.ts), and no producer is made here.
//
// Why this fences zombies: a process that takes a partition over initialises the
// partition's transactional id, which bumps its epoch at the broker and aborts any
// transaction the previous owner left open. From then on the previous owner's
// transactions fail (INVALID_PRODUCER_EPOCH): it can no longer commit replies or
// offsets for the partition. The new owner then reads the committed offset, which
// no one else can move any more, and skips what is below it. It reads it stable
// (stable-offsets.ts): a transaction the fencing completed has its offset applied
// before the answer, which kafkajs's own OffsetFetch does not wait for.
import '../produce-fix';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { PartitionLostError } from '../transport';
import { StableOffsets } from './stable-offsets';
import { initialisedProducer } from './transactional-producer';

/** Where the group's committed offsets are read (stable-offsets.ts in production). */
export interface GroupOffsets {
  /** The partition's committed offset, no transaction pending (-1n: none committed). */
  committed(topic: string, partition: number): Promise<bigint>;
  close(): Promise<void>;
}

interface Held {
  /** None when the process commits in one transaction for all its partitions (poll-commits.ts). */
  producer?: Producer;
  generation: number;
}

export interface Acquired {
  producer?: Producer;
  /** The group's committed offset at acquisition (null: reusing a producer of this generation). */
  committed: bigint | null;
}

export class PartitionProducers {
  private readonly held = new Map<string, Held>();
  /** The newest generation a producer was asked for: an older one's sessions own nothing. */
  private newest = 0;
  private admin?: Admin;

  constructor(
    private readonly kafka: Kafka,
    groupId: string,
    private readonly prefix: string,
    private readonly offsets: GroupOffsets = new StableOffsets(kafka, groupId),
    /** False: take-overs only read the committed offset; the group generation fences (poll-commits.ts). */
    private readonly fence = true,
  ) {}

  /**
   * The producer for a partition in `generation`; a new generation gets a freshly fenced one.
   * A caller of an older generation (a commit retried across a rebalance) is refused: a
   * producer it made would fence the current generation's, and a committed offset it read
   * could have been moved by the current owner, so it says nothing about its own commit.
   */
  async acquire(
    topic: string,
    partition: number,
    generation: number,
    /** Without fencing: what must settle before the committed offset is read (in-flight-commits.ts). */
    beforeRead?: () => Promise<void>,
  ): Promise<Acquired> {
    const key = `${topic}:${partition}`;
    if (generation < this.newest) throw new PartitionLostError(`${key}: generation ${generation} is over`);
    this.newest = generation;
    const cur = this.held.get(key);
    if (cur?.generation === generation) return { producer: cur.producer, committed: null };
    if (cur) await this.drop(topic, partition);
    if (!this.fence) {
      await beforeRead?.();
      const committed = await this.committedOffset(topic, partition);
      this.held.set(key, { generation });
      return { committed };
    }
    // Initialising the partition's transactional id is the fencing step.
    const producer = await initialisedProducer(this.kafka, `${this.prefix}.${topic}.${partition}`, 60_000);
    try {
      const committed = await this.committedOffset(topic, partition);
      this.held.set(key, { producer, generation });
      return { producer, committed };
    } catch (err) {
      await producer.disconnect().catch(() => undefined);
      throw err;
    }
  }

  /**
   * A fresh producer in place of `broken` (one whose last commit has an unknown outcome),
   * unless another caller has already replaced it: initialising the transactional id
   * settles the open transaction at the coordinator, so the committed offset read after
   * this says whether that commit went out.
   */
  async renew(topic: string, partition: number, generation: number, broken: Producer): Promise<Producer> {
    const cur = this.held.get(`${topic}:${partition}`);
    if (cur?.producer === broken) await this.drop(topic, partition);
    const { producer } = await this.acquire(topic, partition, generation);
    if (!producer) throw new TypeError('renew: partition producers were made without fencing');
    return producer;
  }

  /** Forgets a partition's producer (fenced, broken, or no longer assigned). */
  async drop(topic: string, partition: number): Promise<void> {
    const key = `${topic}:${partition}`;
    const cur = this.held.get(key);
    this.held.delete(key);
    await cur?.producer?.disconnect().catch(() => undefined);
  }

  /** Drops the producers of partitions not in `assigned` (topic → partitions). */
  async retain(assigned: Record<string, number[]>): Promise<void> {
    for (const key of [...this.held.keys()]) {
      const [topic = '', p = ''] = key.split(':');
      if (!assigned[topic]?.includes(Number(p))) await this.drop(topic, Number(p));
    }
  }

  async closeAll(): Promise<void> {
    await Promise.all(
      [...this.held.keys()].map((k) => {
        const [topic = '', p = ''] = k.split(':');
        return this.drop(topic, Number(p));
      }),
    );
    await this.admin?.disconnect().catch(() => undefined);
    await this.offsets.close();
  }

  /**
   * Where the group resumes the partition, as the broker has it now: its committed offset,
   * or the partition's first offset when the group never committed one (consumers start
   * from the beginning).
   */
  async committedOffset(topic: string, partition: number): Promise<bigint> {
    const o = await this.offsets.committed(topic, partition);
    if (o >= 0n) return o;
    if (!this.admin) {
      this.admin = this.kafka.admin();
      await this.admin.connect();
    }
    const low = (await this.admin.fetchTopicOffsets(topic)).find((x) => x.partition === partition)?.low;
    return BigInt(low ?? '0');
  }
}
