// The runtime's view of the message bus, as Arroyo's backends: the engine sees
// batches of one partition and a session to commit them, never a client library.
// `kafka/kafka-transport.ts` is the production backend; `memory-transport.ts` runs
// the same engine in unit tests.

export interface InMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  /** When its producer wrote it (epoch ms, the record's CreateTime), if the transport knows. */
  producedAt?: number;
  /** When the transport handed its batch to the engine (epoch ms), if it says. */
  fetchedAt?: number;
}

export interface OutMessage {
  topic: string;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

/** How a commit's time was spent, as far as its transport can tell (issue 29: where the tail goes). */
export interface CommitTimes {
  /** Sending `out` in the transaction (0 when nothing was sent); the rest was the offset and the transaction's end. */
  produceMs: number;
}

/** The control of one partition this process owns, for the batch it came with. */
export interface PartitionSession {
  /** True for the first batch after this process took the partition over. */
  readonly acquired: boolean;
  /** False once the worker is stopping: finish the chunk in hand, start no other. */
  running(): boolean;
  /** False once the partition may belong to another process (rebalance, fencing). */
  owned(): boolean;
  /** Keeps the group membership alive during long work. */
  heartbeat(): Promise<void>;
  /**
   * Produces `out` and commits the offset after `lastOffset`, atomically, in a
   * transaction that a process which lost the partition cannot complete. Throws
   * PartitionLostError when fenced; any other error says whether it is transient.
   */
  commit(out: OutMessage[], lastOffset: string): Promise<CommitTimes>;
  /** The messages up to `offset` are in hand (their commit is under way): fetch what follows. */
  release(offset: string): void;
  /** Fetch again from `offset`: what was in hand from there on was dropped uncommitted. */
  rewind(offset: string): void;
}

export type BatchHandler = (messages: InMessage[], session: PartitionSession) => Promise<void>;

export interface Transport {
  /** Topics that exist on the cluster (for validating routes). */
  existingTopics(): Promise<Set<string>>;
  /**
   * Consumes `topics` and hands each fetched partition batch to `onBatch` (several
   * partitions at once). `onFatal` is called when consumption stopped for good:
   * the process must exit rather than stay alive and idle.
   */
  start(topics: string[], onBatch: BatchHandler, onFatal: (err: Error) => void): Promise<void>;
  /** Stops fetching, waits for the batches in hand and then for `drain` (commits still under way), then closes. */
  stop(drain?: () => Promise<void>): Promise<void>;
}

/** The partition was given to another process: the batch in hand must be dropped, not committed. */
export class PartitionLostError extends Error {
  override readonly name = 'PartitionLostError';
}
