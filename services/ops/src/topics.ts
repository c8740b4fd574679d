// Every topic of SPEC section 1, with partitions, replication and configs: the one
// declaration shared by `ops topics create|verify`, docker compose's init job (which
// runs that command) and the integration tests' topic helpers (test/support).
//
// Retention: a reply must be re-sendable for 7 days (SPEC section 2), so replies and
// events are kept twice that; requests 7 days; dead letters longest (30 days), since
// an operator may only look at them after a holiday.

export type TopicRole = 'requests' | 'replies' | 'events' | 'dlq';

export interface TopicSpec {
  name: string;
  role: TopicRole;
  partitions: number;
  replicationFactor: number;
  /** Topic configs that `verify` compares exactly (values as Kafka reports them). */
  configs: Record<string, string>;
}

const DAY_MS = 86_400_000;
export const RETENTION_DAYS: Record<TopicRole, number> = { requests: 7, replies: 14, events: 14, dlq: 30 };
export const DEFAULT_PARTITIONS = 6;
/** Production clusters have at least three brokers; a single-node stack passes --replication-factor 1. */
export const DEFAULT_REPLICATION_FACTOR = 3;

/** Topic → role. Consumed topics (requests, and the events the mail worker reads) get a `.dlq` each. */
const DECLARED: ReadonlyArray<readonly [string, Exclude<TopicRole, 'dlq'>]> = [
  ['crm.contact.requests', 'requests'],
  ['crm.contact.replies', 'replies'],
  ['crm.account.requests', 'requests'],
  ['crm.account.replies', 'replies'],
  ['crm.contact.events', 'events'],
  ['alcs.card.requests', 'requests'],
  ['alcs.card.replies', 'replies'],
];
const CONSUMED = new Set(['crm.contact.requests', 'crm.account.requests', 'crm.contact.events', 'alcs.card.requests']);

export const TOPIC_NAMES: readonly string[] = [
  ...DECLARED.map(([name]) => name),
  ...DECLARED.filter(([name]) => CONSUMED.has(name)).map(([name]) => `${name}.dlq`),
];

/** Writes with acks=all survive one broker down at replication 3; a replication of 1 or 2 cannot ask for more than 1. */
export function minInsyncReplicas(replicationFactor: number): number {
  return Math.max(1, Math.min(2, replicationFactor - 1));
}

function roleOf(name: string): TopicRole {
  if (name.endsWith('.dlq') && CONSUMED.has(name.slice(0, -'.dlq'.length))) return 'dlq';
  const role = DECLARED.find(([n]) => n === name)?.[1];
  if (!role) throw new Error(`${name} is not a declared topic (see services/ops/src/topics.ts)`);
  return role;
}

export interface SpecOptions {
  /** Prepended to every name (tests use a random one). */
  prefix?: string;
  partitions?: number;
  replicationFactor?: number;
}

/** The spec of one declared topic (by its declared name); throws for an undeclared one. */
export function topicSpec(declaredName: string, o: SpecOptions = {}): TopicSpec {
  const role = roleOf(declaredName);
  const replicationFactor = o.replicationFactor ?? DEFAULT_REPLICATION_FACTOR;
  return {
    name: `${o.prefix ?? ''}${declaredName}`,
    role,
    partitions: o.partitions ?? DEFAULT_PARTITIONS,
    replicationFactor,
    configs: {
      'cleanup.policy': 'delete',
      'retention.ms': String(RETENTION_DAYS[role] * DAY_MS),
      'min.insync.replicas': String(minInsyncReplicas(replicationFactor)),
    },
  };
}

export function topicSpecs(o: SpecOptions = {}): TopicSpec[] {
  return TOPIC_NAMES.map((name) => topicSpec(name, o));
}
