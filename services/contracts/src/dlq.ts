// The dead-letter rule, written once: what a worker cannot handle from topic T goes to
// `T.dlq`, and an entry of `T.dlq` can only have come from T. The declared topics, the
// runtime's routes, the operator's replay and the scripts all name dead-letter topics here.

const DLQ_SUFFIX = '.dlq';

/** The dead-letter topic of `topic`: `<topic>.dlq`. */
export function dlqTopicOf(topic: string): string {
  return `${topic}${DLQ_SUFFIX}`;
}

/** The topic whose dead letters `topic` holds; undefined when `topic` is not a dead-letter topic. */
export function dlqOrigin(topic: string): string | undefined {
  return topic.endsWith(DLQ_SUFFIX) && topic.length > DLQ_SUFFIX.length
    ? topic.slice(0, -DLQ_SUFFIX.length)
    : undefined;
}

export const isDlqTopic = (topic: string): boolean => dlqOrigin(topic) !== undefined;
