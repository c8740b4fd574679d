// Everything a topic holds right now, in offset order per partition: reads from each
// partition's first offset up to the end offsets taken at the start.
import type { Kafka } from 'kafkajs';
import { failure } from '../exit';
import { partitionBounds, requireTopics, withAdmin } from './admin';
import { readTopic, type RawMessage } from './reader';

export async function readToEnd(kafka: Kafka, topic: string, timeoutMs = 60_000): Promise<RawMessage[]> {
  const bounds = await withAdmin(kafka, async (admin) => {
    await requireTopics(admin, [topic]);
    return partitionBounds(admin, topic);
  });
  const from = new Map([...bounds].map(([p, b]) => [p, b.low]));
  const until = new Map([...bounds].map(([p, b]) => [p, b.high]));
  const messages: RawMessage[] = [];
  const end = await readTopic(kafka, { topic, from, until, timeoutMs, onMessage: (m) => messages.push(m) > 0 });
  if (end !== 'caught-up') throw failure(`could not read ${topic} to its end within ${timeoutMs} ms`);
  return messages.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}
