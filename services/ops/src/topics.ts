// The declared topics (services/contracts/src/topics.ts) as the cluster should hold
// them: partitions, replication and the configs `ops topics create|verify` set and
// compare. Tests and demos pass a prefix for a private set, and the replication their
// cluster can hold (replicationFactorFor: 1 on the single-broker stack, 3 on three brokers).
import { declaredTopic, TOPIC_NAMES, type TopicRole } from '@workers/contracts';

export interface TopicSpec {
  name: string;
  role: TopicRole;
  partitions: number;
  replicationFactor: number;
  /** Topic configs that `verify` compares exactly (values as Kafka reports them). */
  configs: Record<string, string>;
}

const DAY_MS = 86_400_000;
/** Production clusters have at least three brokers; a single-node stack passes --replication-factor 1. */
export const DEFAULT_REPLICATION_FACTOR = 3;

/** The declared replication, or less on a cluster of fewer brokers (the local stack: 1 or 3). */
export function replicationFactorFor(brokers: number): number {
  return Math.max(1, Math.min(DEFAULT_REPLICATION_FACTOR, brokers));
}

/** Writes with acks=all survive one broker down at replication 3; a replication of 1 or 2 cannot ask for more than 1. */
export function minInsyncReplicas(replicationFactor: number): number {
  return Math.max(1, Math.min(2, replicationFactor - 1));
}

export interface SpecOptions {
  /** Prepended to every name (tests use a random one). */
  prefix?: string;
  partitions?: number;
  replicationFactor?: number;
}

/** The spec of one declared topic (by its declared name); throws for an undeclared one. */
export function topicSpec(declaredName: string, o: SpecOptions = {}): TopicSpec {
  const t = declaredTopic(declaredName);
  const replicationFactor = o.replicationFactor ?? DEFAULT_REPLICATION_FACTOR;
  return {
    name: `${o.prefix ?? ''}${t.name}`,
    role: t.role,
    partitions: o.partitions ?? t.partitions,
    replicationFactor,
    configs: {
      'cleanup.policy': 'delete',
      'retention.ms': String(t.retentionDays * DAY_MS),
      'min.insync.replicas': String(minInsyncReplicas(replicationFactor)),
    },
  };
}

export function topicSpecs(o: SpecOptions = {}): TopicSpec[] {
  return TOPIC_NAMES.map((name) => topicSpec(name, o));
}
