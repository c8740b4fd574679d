// Admin look-ups the read commands share: whether a topic exists, and each
// partition's first and next offset (or the offsets for a time).
import type { Admin, Kafka } from 'kafkajs';
import { failure } from '../exit';
import type { Bounds } from '../positions';

/** Connects an admin client for the duration of `fn`; always disconnects. */
export async function withAdmin<T>(kafka: Kafka, fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Throws a failure naming every topic of `topics` the cluster does not have. */
export async function requireTopics(admin: Admin, topics: readonly string[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length > 0) throw failure(...missing.map((t) => `topic ${t} does not exist`));
}

export async function partitionBounds(admin: Admin, topic: string): Promise<Map<number, Bounds>> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return new Map(offsets.map((o) => [o.partition, { low: BigInt(o.low), high: BigInt(o.high) }]));
}

/** Per partition, the first offset whose timestamp is at or after `timestamp` (the next offset when none is). */
export async function offsetsAtTime(admin: Admin, topic: string, timestamp: number): Promise<Map<number, bigint>> {
  const offsets = await admin.fetchTopicOffsetsByTimestamp(topic, timestamp);
  return new Map(offsets.map((o) => [o.partition, BigInt(o.offset)]));
}
