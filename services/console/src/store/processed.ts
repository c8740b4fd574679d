// The workers' processed-requests records, read through the runtime's own reader
// (one per request topic and requestId): when a request was processed, its stored
// reply and the events it produced. An indexed look-up by key; the trace falls back
// to what the topics hold when there is no record.
import type { Db } from 'mongodb';
import { readProcessed } from '@workers/runtime';

export interface ProcessedView {
  requestId: string;
  topic: string;
  replyTopic: string | null;
  reply: Record<string, unknown> | null;
  events: { topic: string; key: string; value: Record<string, unknown> }[];
  origin: { topic: string; partition: number; offset: string } | null;
  processedAt: number | null;
}

export async function processedRecords(
  db: Db,
  requestTopics: readonly string[],
  requestId: string,
): Promise<ProcessedView[]> {
  const found = await readProcessed(
    db,
    requestTopics.map((topic) => ({ topic, requestId })),
  );
  return [...found.values()].map((r) => ({
    requestId: r.requestId,
    topic: r.topic,
    replyTopic: r.replyTopic || null,
    reply: (r.reply as Record<string, unknown> | null) ?? null,
    events: r.events,
    origin: r.origin,
    processedAt: r.processedAt.getTime(),
  }));
}
