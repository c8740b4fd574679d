// What a chaos or fuzz run opened, closed whatever happened: its request sender (and
// the fuzz's raw producer) and observer, its topics and databases (deleted unless kept
// for inspection), and the stack if the run started one.
import type { Producer } from 'kafkajs';
import type { MongoClient } from 'mongodb';
import type { RequestSender } from '../lib/request-sender';
import type { Observer } from './observe';

export async function closeRun(r: {
  sender: RequestSender;
  producer?: Producer;
  observer?: Observer;
  mongo: MongoClient;
  keep: boolean;
  stack: { discard(): Promise<void>; close(): Promise<void> };
}): Promise<void> {
  await r.sender.close().catch(() => undefined);
  await r.producer?.disconnect().catch(() => undefined);
  await r.observer?.close().catch(() => undefined);
  await r.mongo.close();
  if (!r.keep) await r.stack.discard();
  await r.stack.close();
}
