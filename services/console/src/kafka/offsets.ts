// What the overview asks the cluster, each refresh: every declared topic's offsets
// per partition, and each worker group's state and committed offsets (its lag). One
// admin connection for the console's life; kafkajs reconnects it when needed.
import type { Admin, Kafka } from 'kafkajs';
import { partitionLag, type PartitionLag } from '../domain/lag';

export interface TopicOffsets {
  topic: string;
  exists: boolean;
  partitions: { partition: number; low: number; high: number }[];
}

export interface GroupLag {
  groupId: string;
  /** Kafka's group state: Stable, Empty (no member: the worker is not running), Dead (unknown group)… */
  state: string;
  members: number;
  partitions: PartitionLag[];
  total: number;
}

export class ClusterOffsets {
  private readonly admin: Admin;
  private connected?: Promise<void>;

  constructor(kafka: Kafka) {
    this.admin = kafka.admin();
  }

  private async ready(): Promise<Admin> {
    this.connected ??= this.admin.connect().catch((err: unknown) => {
      this.connected = undefined;
      throw err;
    });
    await this.connected;
    return this.admin;
  }

  async topics(names: readonly string[]): Promise<TopicOffsets[]> {
    const admin = await this.ready();
    const existing = new Set(await admin.listTopics());
    return Promise.all(
      names.map(async (topic) => {
        if (!existing.has(topic)) return { topic, exists: false, partitions: [] };
        const offsets = await admin.fetchTopicOffsets(topic);
        return {
          topic,
          exists: true,
          partitions: offsets
            .map((o) => ({ partition: o.partition, low: Number(o.low), high: Number(o.high) }))
            .sort((a, b) => a.partition - b.partition),
        };
      }),
    );
  }

  /** `topics` holds the offsets of the group's topics (from topics()); missing topics are skipped. */
  async groups(
    groups: readonly { groupId: string; topics: string[] }[],
    topics: readonly TopicOffsets[],
  ): Promise<GroupLag[]> {
    const admin = await this.ready();
    const described = groups.length > 0 ? (await admin.describeGroups(groups.map((g) => g.groupId))).groups : [];
    return Promise.all(
      groups.map(async ({ groupId, topics: consumed }) => {
        const present = topics.filter((t) => t.exists && consumed.includes(t.topic));
        const committed =
          present.length > 0 ? await admin.fetchOffsets({ groupId, topics: present.map((t) => t.topic) }) : [];
        const partitions = present.flatMap((t) =>
          t.partitions.map((p) => {
            const c = committed.find((x) => x.topic === t.topic)?.partitions.find((x) => x.partition === p.partition);
            return partitionLag(t.topic, p.partition, p.low, p.high, Number(c?.offset ?? -1));
          }),
        );
        const d = described.find((g) => g.groupId === groupId);
        return {
          groupId,
          state: d?.state ?? 'Unknown',
          members: d?.members.length ?? 0,
          partitions,
          total: partitions.reduce((s, p) => s + p.lag, 0),
        };
      }),
    );
  }

  /** The group's committed offset on one partition (-1 when none). */
  async committed(groupId: string, topic: string, partition: number): Promise<number> {
    const admin = await this.ready();
    const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return Number(t?.partitions.find((p) => p.partition === partition)?.offset ?? -1);
  }

  async close(): Promise<void> {
    if (this.connected) await this.admin.disconnect().catch(() => undefined);
  }
}
