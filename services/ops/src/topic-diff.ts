// What `topics verify` reports: every way a topic on the cluster differs from its
// declaration, one line each. Pure; the command fetches `ActualTopic`s.
import type { TopicSpec } from './topics';

export interface ActualTopic {
  partitions: number;
  /** Replica count of each partition (they may differ after a failed reassignment). */
  replicas: number[];
  /** The declared config names with the values the cluster reports (absent = not reported). */
  configs: Record<string, string | undefined>;
}

export function diffTopic(spec: TopicSpec, actual: ActualTopic | undefined): string[] {
  if (!actual) return [`${spec.name}: missing`];
  const out: string[] = [];
  if (actual.partitions !== spec.partitions)
    out.push(`${spec.name}: ${actual.partitions} partitions, declared ${spec.partitions}`);
  const wrong = [...new Set(actual.replicas.filter((r) => r !== spec.replicationFactor))];
  if (wrong.length > 0)
    out.push(`${spec.name}: replication factor ${wrong.join('/')}, declared ${spec.replicationFactor}`);
  for (const [name, value] of Object.entries(spec.configs)) {
    const got = actual.configs[name];
    if (got !== value) out.push(`${spec.name}: ${name}=${got ?? '(unset)'}, declared ${value}`);
  }
  return out;
}
