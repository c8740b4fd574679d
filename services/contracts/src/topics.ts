// Every topic of the product, declared once (docs/rules.md#topics-and-wire-format):
// name, role, partitions, retention, value schema, the worker that owns it and the
// workers that consume it, and the configuration variable that renames it. The
// workers' configuration defaults, `ops topics create|verify` (and so docker
// compose's init job), the operator console and the tests' topic helpers all read
// this module; the compose file is checked against it by test/unit/compose/.
//
// Retention: a reply must be re-sendable for 7 days (docs/rules.md#one-question-one-answer),
// so replies and events are kept twice that; requests 7 days, and dead letters no longer
// than requests: an entry is a request's bytes, personal data included, and keeping it
// beyond the request itself would make the .dlq the longest-lived copy of that data.
// Seven days still cover a holiday before an operator looks (docs/security.md).
import { dlqTopicOf } from './dlq';

export const WORKERS = ['card-worker', 'contact-worker', 'mail-worker'] as const;
export type WorkerName = (typeof WORKERS)[number];

export type TopicRole = 'requests' | 'replies' | 'events' | 'dlq';

const DECLARED = [
  { name: 'crm.contact.requests', role: 'requests', owner: 'contact-worker', variable: 'CONTACT_REQUEST_TOPIC' },
  { name: 'crm.contact.replies', role: 'replies', owner: 'contact-worker', variable: 'CONTACT_REPLY_TOPIC' },
  { name: 'crm.account.requests', role: 'requests', owner: 'contact-worker', variable: 'ACCOUNT_REQUEST_TOPIC' },
  { name: 'crm.account.replies', role: 'replies', owner: 'contact-worker', variable: 'ACCOUNT_REPLY_TOPIC' },
  {
    name: 'crm.contact.events',
    role: 'events',
    owner: 'contact-worker',
    variable: 'CONTACT_EVENT_TOPIC',
    consumers: ['mail-worker'],
  },
  { name: 'alcs.card.requests', role: 'requests', owner: 'card-worker', variable: 'CARD_REQUEST_TOPIC' },
  { name: 'alcs.card.replies', role: 'replies', owner: 'card-worker', variable: 'CARD_REPLY_TOPIC' },
] as const satisfies readonly {
  name: string;
  role: Exclude<TopicRole, 'dlq'>;
  owner: WorkerName;
  variable: string;
  consumers?: readonly WorkerName[];
}[];

/** A configuration variable naming a topic (every worker that uses the topic reads the same one). */
export type TopicVariable = (typeof DECLARED)[number]['variable'];

export interface Topic {
  /** The declared name; a deployment renames it through `variable`, tests and demos prefix it. */
  name: string;
  role: TopicRole;
  /** The worker answerable for it: it answers the requests, writes the replies or events, or dead-letters into the .dlq. */
  owner: WorkerName;
  /** The workers whose consumer groups read it (none for replies and dead letters: people and upstream systems read those). */
  consumers: readonly WorkerName[];
  /** The variable that renames it; null for a .dlq, always its consumed topic's (dlqTopicOf). */
  variable: TopicVariable | null;
  partitions: number;
  retentionDays: number;
  /** Its value schema, relative to the repository root; null for a .dlq (the original bytes, unchanged). */
  schemaFile: string | null;
}

export const DEFAULT_PARTITIONS = 6;
const REQUEST_RETENTION_DAYS = 7;
export const RETENTION_DAYS: Readonly<Record<TopicRole, number>> = {
  requests: REQUEST_RETENTION_DAYS,
  replies: 14,
  events: 14,
  dlq: REQUEST_RETENTION_DAYS,
};

const consumersOf = (d: (typeof DECLARED)[number]): readonly WorkerName[] =>
  'consumers' in d ? d.consumers : d.role === 'requests' ? [d.owner] : [];

const MAIN: readonly Topic[] = DECLARED.map((d) => ({
  name: d.name,
  role: d.role,
  owner: d.owner,
  consumers: consumersOf(d),
  variable: d.variable,
  partitions: DEFAULT_PARTITIONS,
  retentionDays: RETENTION_DAYS[d.role],
  schemaFile: `schemas/${d.name}.avsc`,
}));

/** Every topic: the declared ones, then a `.dlq` for each topic a worker consumes, owned by its consumer. */
export const TOPICS: readonly Topic[] = [
  ...MAIN,
  ...MAIN.filter((t) => t.consumers.length > 0).map(
    (t): Topic => ({
      name: dlqTopicOf(t.name),
      role: 'dlq',
      owner: t.consumers[0]!,
      consumers: [],
      variable: null,
      partitions: DEFAULT_PARTITIONS,
      retentionDays: RETENTION_DAYS.dlq,
      schemaFile: null,
    }),
  ),
];

export const TOPIC_NAMES: readonly string[] = TOPICS.map((t) => t.name);

/** The declared name behind each variable: the workers' configuration defaults, and every other place that names a topic. */
export const DEFAULT_TOPIC = Object.fromEntries(DECLARED.map((d) => [d.variable, d.name])) as {
  readonly [D in (typeof DECLARED)[number] as D['variable']]: D['name'];
};

/** The declared topic named `name`; throws for an undeclared one (a .dlq of a topic nobody consumes included). */
export function declaredTopic(name: string): Topic {
  const t = TOPICS.find((x) => x.name === name);
  if (!t) throw new Error(`${name} is not a declared topic (see services/contracts/src/topics.ts)`);
  return t;
}

/** The topics (not dead letters) a worker's configuration names: those it owns and those it consumes. */
export function topicsOf(worker: WorkerName): Topic[] {
  return MAIN.filter((t) => t.owner === worker || t.consumers.includes(worker));
}

/** The topics a worker's consumer group reads. */
export function consumedBy(worker: WorkerName): Topic[] {
  return MAIN.filter((t) => t.consumers.includes(worker));
}

/**
 * The declared topic (not a dead letter) that `name` stands for, as far as names tell: the
 * declared name itself, a prefixed one (`<prefix><declared>`: tests, demos, the console's
 * CONSOLE_TOPIC_PREFIX), or the name its variable gives it in `env` (a deployment's rename).
 * Undefined when the name tells nothing. Pure.
 */
export function declaredTopicNamed(
  name: string,
  env: Readonly<Record<string, string | undefined>> = {},
): Topic | undefined {
  return MAIN.find((t) => t.variable !== null && env[t.variable] === name) ?? MAIN.find((t) => name.endsWith(t.name));
}

/** Every topic variable set to `<prefix><declared name>`: a private set of topics for a test, a demo or a benchmark. */
export function topicVariables(prefix = ''): Record<TopicVariable, string> {
  return Object.fromEntries(DECLARED.map((d) => [d.variable, `${prefix}${d.name}`])) as Record<TopicVariable, string>;
}
