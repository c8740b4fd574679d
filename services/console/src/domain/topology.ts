// The topics the console reads, named as the workers name them: the declared topics
// of services/contracts/src/topics.ts behind an optional prefix (a demo run's or a test's
// private set), each with its role, and the pairs a trace follows (x.requests →
// x.replies; x → x.dlq). Pure.
import { consumedBy, TOPICS, type TopicRole, type WorkerName } from '@workers/contracts';

export interface TopicInfo {
  name: string;
  /** The declared name (without the prefix). */
  declared: string;
  role: TopicRole;
}

export interface Topology {
  topics: TopicInfo[];
  role(topic: string): TopicRole | undefined;
  requestTopics: string[];
  replyTopics: string[];
  eventTopics: string[];
  dlqTopics: string[];
  /** `x.requests` → `x.replies` (what a reply-topic header does not override). */
  replyTopicOf(requestTopic: string): string;
  /** The topics a worker's group consumes. */
  consumedBy(worker: WorkerName): string[];
}

export function topology(prefix: string): Topology {
  const topics = TOPICS.map((t) => ({ name: `${prefix}${t.name}`, declared: t.name, role: t.role }));
  const byName = new Map(topics.map((t) => [t.name, t]));
  const named = (role: TopicRole): string[] => topics.filter((t) => t.role === role).map((t) => t.name);
  return {
    topics,
    role: (topic) => byName.get(topic)?.role,
    requestTopics: named('requests'),
    replyTopics: named('replies'),
    eventTopics: named('events'),
    dlqTopics: named('dlq'),
    replyTopicOf: (t) => t.replace(/\.requests$/, '.replies'),
    consumedBy: (worker) => consumedBy(worker).map((t) => `${prefix}${t.name}`),
  };
}
