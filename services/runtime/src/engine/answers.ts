// The messages a chunk produces: replies (one per request), the events decisions
// published, and dead letters, each encoded with its topic's `-value` schema.
import type { Codec } from '../codec';
import { deadLetter } from '../dead-letter';
import type { EventOut, Route } from '../route';
import { replyHeaders } from '../reply';
import type { InMessage, OutMessage } from '../transport';

export async function replyMessage(
  route: Route,
  codec: Codec,
  a: {
    msg: InMessage;
    topic: string;
    reply: Record<string, unknown>;
    correlationId: string;
    operation: string;
  },
): Promise<OutMessage> {
  return {
    topic: a.topic,
    key: a.msg.key,
    // Replies on any allowed topic use the route's reply schema.
    value: await codec.encode(`${route.replyTopic}-value`, a.reply),
    headers: replyHeaders(a.correlationId, a.operation, String(a.reply.messageCode)),
  };
}

export async function eventMessages(events: readonly EventOut[], codec: Codec): Promise<OutMessage[]> {
  return Promise.all(
    events.map(async (e) => ({
      topic: e.topic,
      key: e.key,
      value: await codec.encode(`${e.topic}-value`, e.value),
      headers: { 'event-id': String(e.value.eventId ?? '') },
    })),
  );
}

export function deadLetterMessage(msg: InMessage, dlqTopic: string, error: string, now: number): OutMessage {
  return deadLetter(msg, dlqTopic, error, now);
}

/** True when `origin` is this very message: a redelivery after a crash, which re-sends events too. */
export function sameMessage(
  origin: { topic: string; partition: number; offset: string } | undefined,
  msg: InMessage,
): boolean {
  return !!origin && origin.topic === msg.topic && origin.partition === msg.partition && origin.offset === msg.offset;
}
