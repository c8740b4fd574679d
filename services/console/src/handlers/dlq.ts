// GET /dlq: every dead-letter topic's entries (origin, error, time, the value decoded
// where it decodes, whether it was replayed), from the console's index, which the page
// wakes and whose progress it shows. POST /api/dlq/replay (write access):
// the chosen entries sent back to their origin with the operator CLI's replay.
import { OpsError, plannedReplays, sendReplays, type OffsetArg } from '@workers/ops';
import { maskPersonal } from '../domain/mask';
import { HttpError, htmlReply, jsonReply, type Handler } from '../http/types';
import { dlqView, type DeadLetterView } from '../views/dlq';
import { frame } from './frame';

export const dlqPage: Handler = async (req, d) => {
  await d.index.wake();
  const ix = d.index.status();
  const topics = await Promise.all(
    d.topology.dlqTopics.map(async (topic) => {
      const entries: DeadLetterView[] = await Promise.all(
        d.index
          .inTopic(topic)
          .reverse()
          .map(async (e) => {
            const decoded = await d.index.decode(e);
            const replays = d.index
              .lookup(`${topic}:${e.partition}:${e.offset}`)
              .filter((r) => r.headers['dlq-replayed-from'] === `${topic}:${e.partition}:${e.offset}`);
            return {
              entry: e,
              value: 'value' in decoded ? maskPersonal(decoded.value) : null,
              decodeError: 'error' in decoded ? decoded.error : null,
              replayedAt: replays.map((r) => r.timestamp),
            };
          }),
      );
      return { topic, entries };
    }),
  );
  const view = dlqView(topics, !!d.config.CONSOLE_TOKEN, ix);
  if (req.url.searchParams.has('fragment')) return htmlReply(view);
  return htmlReply(frame(d, req, '/dlq', 'Dead-letter queues', view));
};

function parseReplay(body: unknown, dlqTopics: readonly string[]): { topic: string; wanted: OffsetArg[] } {
  const b = body as { topic?: unknown; entries?: unknown } | null;
  if (typeof b?.topic !== 'string' || !dlqTopics.includes(b.topic))
    throw new HttpError(400, `topic must be one of ${dlqTopics.join(', ')}`);
  if (!Array.isArray(b.entries) || b.entries.length === 0 || b.entries.length > 100)
    throw new HttpError(400, 'entries: 1 to 100 "<partition>:<offset>" strings');
  const wanted = b.entries.map((x) => {
    const m = typeof x === 'string' ? /^(\d{1,9}):(\d{1,18})$/.exec(x) : null;
    if (!m?.[1] || !m[2]) throw new HttpError(400, `entries: ${JSON.stringify(x)} is not "<partition>:<offset>"`);
    return { partition: Number(m[1]), offset: BigInt(m[2]) };
  });
  return { topic: b.topic, wanted };
}

export const replayApi: Handler = async (req, d) => {
  const { topic, wanted } = parseReplay(req.body, d.topology.dlqTopics);
  let plan: Awaited<ReturnType<typeof plannedReplays>>;
  try {
    plan = await plannedReplays(d.kafka, topic, wanted);
  } catch (err) {
    if (err instanceof OpsError) throw new HttpError(404, err.lines.join('; '));
    throw err;
  }
  // Entries whose origin is not the topic this .dlq collects are refused by ops (dlq-origin.ts), reason shown.
  const done = await sendReplays(d.kafka, plan.replays);
  d.logger.info('console.replayed', {
    operator: req.operator,
    dlq: topic,
    entries: done.map((r) => r.from),
    to: done.map((r) => `${r.to}:${r.partition}:${r.offset}`),
  });
  return jsonReply({
    replayed: done.map((r) => ({ from: r.from, to: r.to, partition: r.partition, offset: r.offset })),
    refused: plan.refused.map((r) => ({ from: r.from, to: r.topic, reason: r.reason })),
  });
};
