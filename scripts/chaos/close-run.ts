// What a chaos or fuzz run opened, closed whatever happened: its producer and
// observer, its database (dropped unless kept for inspection), and the stack if
// the run started one.
import type { Producer } from 'kafkajs';
import type { MongoClient } from 'mongodb';
import type { Observer } from './observe';

export async function closeRun(r: {
  producer: Producer;
  observer?: Observer;
  mongo: MongoClient;
  db: string;
  keep: boolean;
  stack: { close(): Promise<void> };
}): Promise<void> {
  await r.producer.disconnect().catch(() => undefined);
  await r.observer?.close().catch(() => undefined);
  if (!r.keep)
    await r.mongo
      .db(r.db)
      .dropDatabase()
      .catch(() => undefined);
  await r.mongo.close();
  await r.stack.close();
}
