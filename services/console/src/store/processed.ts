// The workers' processed-requests records (collection `processed_requests`, one per
// request topic and requestId, `_id` = `<topic>|<requestId>`: topic names never hold
// a `|`): when a request was processed, its stored reply and the events it produced.
// Read by _id only (the indexed look-up); documents written before that key are not
// found here, and the trace falls back to what the topics hold.
import type { Db } from 'mongodb';

export interface ProcessedView {
  requestId: string;
  topic: string;
  replyTopic: string | null;
  reply: Record<string, unknown> | null;
  events: { topic: string; key: string; value: Record<string, unknown> }[];
  origin: { topic: string; partition: number; offset: string } | null;
  processedAt: number | null;
}

interface Doc {
  _id: string;
  requestId?: string;
  topic?: string;
  replyTopic?: string;
  reply?: Record<string, unknown>;
  events?: ProcessedView['events'];
  origin?: ProcessedView['origin'];
  processedAt?: Date | number;
}

export async function processedRecords(db: Db, requestTopics: readonly string[], requestId: string): Promise<ProcessedView[]> {
  const ids = requestTopics.map((t) => `${t}|${requestId}`);
  const docs = await db.collection<Doc>('processed_requests').find({ _id: { $in: ids } }).toArray();
  return docs.map((d) => ({
    requestId: d.requestId ?? requestId,
    topic: d.topic ?? d._id.slice(0, d._id.lastIndexOf('|')),
    replyTopic: d.replyTopic ?? null,
    reply: d.reply ?? null,
    events: d.events ?? [],
    origin: d.origin ?? null,
    processedAt: d.processedAt === undefined ? null : new Date(d.processedAt).getTime(),
  }));
}
