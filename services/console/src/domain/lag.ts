// A consumer group's lag per partition: how many messages of the topic are past
// the group's committed offset. Kafka reports -1 for a partition the group never
// committed; its lag is then everything the partition still holds. Pure.

export interface PartitionLag {
  topic: string;
  partition: number;
  /** First offset still held (older ones expired). */
  low: number;
  /** End offset: the next offset to be written. */
  high: number;
  /** null: the group has committed nothing for this partition. */
  committed: number | null;
  lag: number;
}

export function partitionLag(
  topic: string,
  partition: number,
  low: number,
  high: number,
  committed: number,
): PartitionLag {
  const from = committed < 0 ? low : Math.max(committed, low);
  return { topic, partition, low, high, committed: committed < 0 ? null : committed, lag: Math.max(0, high - from) };
}
