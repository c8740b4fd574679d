// The runtime's Transport in memory, for tests: partitioned topics, one consumer
// group, commits that produce and move the offset atomically, and redelivery from
// the committed offset of whatever a batch left uncommitted (as kafkajs refetches
// from its resolved offsets). Faults can be injected: a commit that fails, a
// partition taken by another process, a topic the broker refuses.
import type { BatchHandler, InMessage, OutMessage, PartitionSession, Transport } from './transport';
import { PartitionLostError } from './transport';

export interface Stored {
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  /** When it was produced (epoch ms), as Kafka's CreateTime. */
  producedAt: number;
}

export interface MemoryTransportOptions {
  partitions?: number;
  /** Messages handed over in one batch. */
  maxBatch?: number;
  /** Largest message (key, value and headers) the "broker" accepts; a larger one fails the commit for good. */
  maxMessageBytes?: number;
}

export class MemoryTransport implements Transport {
  readonly topics = new Map<string, Stored[][]>();
  readonly committed = new Map<string, bigint>();
  private readonly partitions: number;
  private readonly maxBatch: number;
  private readonly maxMessageBytes: number;
  private running = false;
  private readonly busy = new Set<string>();
  private wake: () => void = () => undefined;
  private loop?: Promise<void>;
  private commitFailures: Error[] = [];
  private fenced = new Set<string>();
  /** Topics whose writes the "broker" refuses with a non-retriable error. */
  readonly refusing = new Set<string>();
  commits = 0;

  constructor(topics: string[], o: MemoryTransportOptions = {}) {
    this.partitions = o.partitions ?? 1;
    this.maxBatch = o.maxBatch ?? 1000;
    this.maxMessageBytes = o.maxMessageBytes ?? Infinity;
    for (const t of topics) this.topic(t);
  }

  private topic(name: string): Stored[][] {
    let t = this.topics.get(name);
    if (!t) {
      t = Array.from({ length: this.partitions }, () => []);
      this.topics.set(name, t);
    }
    return t;
  }

  partitionOf(key: string | null): number {
    if (key === null) return 0;
    let h = 0;
    for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    return h % this.partitions;
  }

  produce(
    topic: string,
    m: { key: string | null; value: Buffer | null; headers?: Record<string, string> },
    partition = this.partitionOf(m.key),
  ): void {
    const p = this.topic(topic)[partition]!;
    p.push({ offset: String(p.length), key: m.key, value: m.value, headers: m.headers ?? {}, producedAt: Date.now() });
    this.wake();
  }

  /** Every message of a topic, in partition then offset order. */
  read(topic: string): Stored[] {
    return (this.topics.get(topic) ?? []).flat();
  }

  /** The next commits fail with these errors, in order. */
  failCommits(...errors: Error[]): void {
    this.commitFailures.push(...errors);
  }

  private held = false;
  private readonly seen = new Set<string>();
  /** Where delivery resumes: past what a batch released, else the committed offset. */
  private readonly positions = new Map<string, bigint>();

  /** Delivers nothing until release(): messages produced meanwhile arrive as one batch. */
  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    this.wake();
  }

  /** The partition now belongs to another process: its sessions are no longer owned. */
  fence(topic: string, partition: number): void {
    this.fenced.add(`${topic}:${partition}`);
  }

  /** The partition is this process's again, in the same generation (it took it back after a fencing). */
  unfence(topic: string, partition: number): void {
    this.fenced.delete(`${topic}:${partition}`);
    this.wake();
  }

  async existingTopics(): Promise<Set<string>> {
    return new Set(this.topics.keys());
  }

  async start(topics: string[], onBatch: BatchHandler): Promise<void> {
    this.running = true;
    this.loop = this.run(topics, onBatch);
  }

  private async run(topics: string[], onBatch: BatchHandler): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    while (this.running) {
      let started = false;
      for (const t of topics) {
        for (const [p, msgs] of this.topic(t).entries()) {
          const key = `${t}:${p}`;
          const from = Number(this.positions.get(key) ?? this.committed.get(key) ?? 0n);
          if (this.held || this.busy.has(key) || this.fenced.has(key) || from >= msgs.length) continue;
          this.busy.add(key);
          started = true;
          const fetchedAt = Date.now();
          const batch: InMessage[] = msgs
            .slice(from, from + this.maxBatch)
            .map((m) => ({ topic: t, partition: p, ...m, fetchedAt }));
          const done = onBatch(batch, this.session(t, p))
            .catch(() => undefined)
            .finally(() => {
              this.busy.delete(key);
              inFlight.delete(done);
              this.wake();
            });
          inFlight.add(done);
        }
      }
      if (!started) await new Promise<void>((resolve) => (this.wake = resolve));
    }
    await Promise.all(inFlight);
  }

  private session(topic: string, partition: number): PartitionSession {
    const key = `${topic}:${partition}`;
    const acquired = !this.seen.has(key);
    this.seen.add(key);
    return {
      acquired,
      running: () => this.running,
      owned: () => !this.fenced.has(key),
      heartbeat: async () => undefined,
      commit: async (out: OutMessage[], lastOffset: string) => {
        if (this.fenced.has(key)) throw new PartitionLostError(`${key} fenced`);
        const failure = this.commitFailures.shift();
        if (failure) throw failure;
        const refused = out.find((m) => this.refusing.has(m.topic));
        if (refused) throw Object.assign(new Error(`refused: ${refused.topic}`), { retriable: false });
        const size = (m: OutMessage): number =>
          (m.key?.length ?? 0) +
          m.value.length +
          Object.entries(m.headers).reduce((n, [k, v]) => n + k.length + v.length, 0);
        if (out.some((m) => size(m) > this.maxMessageBytes))
          throw Object.assign(new Error('message too large'), { retriable: false });
        const producing = performance.now();
        for (const m of out) this.produce(m.topic, { key: m.key, value: m.value, headers: m.headers });
        const produceMs = out.length > 0 ? performance.now() - producing : 0;
        this.committed.set(key, BigInt(lastOffset) + 1n);
        if ((this.positions.get(key) ?? 0n) < BigInt(lastOffset) + 1n) this.positions.set(key, BigInt(lastOffset) + 1n);
        this.commits++;
        return { produceMs };
      },
      release: (offset: string) => {
        if ((this.positions.get(key) ?? 0n) < BigInt(offset) + 1n) this.positions.set(key, BigInt(offset) + 1n);
      },
      rewind: (offset: string) => {
        this.positions.set(key, BigInt(offset));
        this.wake();
      },
    };
  }

  /** Resolves once every partition of `topics` is committed to its end. */
  async drained(topics: string[], timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const done = (): boolean =>
      topics.every((t) =>
        this.topic(t).every((msgs, p) => Number(this.committed.get(`${t}:${p}`) ?? 0n) >= msgs.length),
      );
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`not drained within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  async stop(drain?: () => Promise<void>): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    await drain?.();
  }
}
