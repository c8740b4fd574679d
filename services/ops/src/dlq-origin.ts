// Where a dead letter may go back to: only the topic its `.dlq` collects, and only when
// that is a topic a worker consumes. The runtime dead-letters a message of topic T into
// `T.dlq` (dlqTopicOf, @workers/contracts), so an entry of `T.dlq` can only have come from T; an origin
// header naming anything else (a reply topic, another worker's requests) was forged or
// damaged, and replaying it would let whoever can write to a `.dlq` publish anywhere the
// operator can. `ops dlq replay` and the console's replay button both plan through here
// (dlq-replay.ts), and sendReplays checks again before producing. Pure.
import { declaredTopicNamed, dlqOrigin, isDlqTopic } from '@workers/contracts';

export interface Refusal {
  /** `<dlq>:<partition>:<offset>` of the entry. */
  from: string;
  /** The topic the entry asked to go to. */
  topic: string;
  reason: string;
}

/**
 * Why an entry of `dlqTopic` may not be replayed to `origin`, or null when it may. `env`
 * holds the topic variables (CARD_REQUEST_TOPIC, …) of a deployment that renamed its topics.
 */
export function replayRefusal(
  dlqTopic: string,
  origin: string,
  env: Readonly<Record<string, string | undefined>> = {},
): string | null {
  const own = dlqOrigin(dlqTopic);
  if (own === undefined) return `${dlqTopic} is not a dead-letter topic`;
  if (origin !== own) return `its origin ${origin} is not ${own}, the only topic whose dead letters ${dlqTopic} holds`;
  if (isDlqTopic(own)) return `${own} is itself a dead-letter topic`;
  const extraReplies = (env.CARD_EXTRA_REPLY_TOPICS ?? '').split(',').map((t) => t.trim());
  const declared = declaredTopicNamed(own, env);
  if (extraReplies.includes(own) || (declared && declared.consumers.length === 0))
    return `${own} is a ${declared?.role ?? 'replies'} topic: no worker consumes it, so nothing was dead-lettered from it`;
  return null;
}
