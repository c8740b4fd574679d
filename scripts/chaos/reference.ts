// The oracle of the chaos run: the same requests, in the same order, through the
// same routing tables and the same runtime, with nothing that can fail (in-memory
// transport, codec and stores, one partition). Per-key order decides every answer
// of the mix (mix.ts), so each reply of the faulty run must carry the code and
// status the reference gave, and each stored card, contact and account must have
// been changed as many times (revision, version): one more is a double effect.
import {
  baseConfigSchema,
  createLogger,
  fieldCryptoFromConfig,
  frame,
  isEventRoute,
  loadConfig,
  MemoryCodec,
  memoryEntityStore,
  memoryProcessedStore,
  MemoryTransport,
  Worker,
  type AnyRoute,
} from '@workers/runtime';
import { CARDS, cardRoutes } from '../../services/card-worker/src/routes';
import { cardPhones } from '../../services/card-worker/src/store/card-phones';
import { contactRoutes } from '../../services/contact-worker/src/routes';
import { ACCOUNTS, CONTACTS } from '../../services/contact-worker/src/store/collections';
import type { RunTopics } from './topics';

export type { RunTopics };

export interface Reference {
  /** requestId → the `code/status` of its replies (two for a requestId reused with other content). */
  answers: Map<string, Set<string>>;
  /** Entity store → id → record, as the fault-free run left them. */
  entities: Record<string, Map<string, Record<string, unknown>>>;
}

export function chaosRoutes(
  t: RunTopics,
  keys: { EMAIL_KEY: string; EMAIL_HASH_KEY: string; EMAIL_KEY_ID: string },
): AnyRoute[] {
  const crypto = fieldCryptoFromConfig(keys);
  return [
    ...cardRoutes({ requests: t.cards, replies: t.cardReplies }, { phones: cardPhones(crypto) }),
    ...contactRoutes(
      {
        contactRequests: t.contacts,
        contactReplies: t.contactReplies,
        accountRequests: t.accounts,
        accountReplies: t.accountReplies,
        events: t.events,
      },
      { crypto },
    ),
  ];
}

/** `messages` in send order, each with its decoded value (as the worker's codec reads it). */
export async function referenceRun(
  routes: AnyRoute[],
  messages: readonly { topic: string; key: string; requestId: string; value: unknown }[],
): Promise<Reference> {
  const codec = new MemoryCodec();
  const replyTopics: string[] = [];
  for (const r of routes) {
    if (isEventRoute(r)) continue;
    codec.declare(`${r.topic}-value`, { operation: Object.keys(r.operations) }).declare(`${r.replyTopic}-value`);
    for (const e of r.eventTopics ?? []) codec.declare(`${e}-value`);
    replyTopics.push(r.replyTopic);
  }
  const topics = routes.flatMap((r) => [
    r.topic,
    r.dlqTopic,
    ...(r.eventTopics ?? []),
    ...(isEventRoute(r) ? [] : [r.replyTopic]),
  ]);
  const transport = new MemoryTransport(topics, { partitions: 1 });
  const stores = {
    [CARDS]: memoryEntityStore<unknown>(),
    [CONTACTS]: memoryEntityStore<unknown>(),
    [ACCOUNTS]: memoryEntityStore<unknown>(),
  };
  const config = loadConfig(baseConfigSchema, {
    KAFKA_BROKERS: 'memory:9092',
    SCHEMA_REGISTRY_URL: 'http://memory',
    MONGODB_URI: 'mongodb://memory',
    METRICS_PORT: '0',
  });
  const worker = new Worker({
    service: 'reference',
    config,
    routes,
    transport,
    processed: memoryProcessedStore(),
    entities: stores,
    codec,
    logger: createLogger({ service: 'reference', level: 'silent' }),
  });
  await worker.start();
  try {
    for (const m of messages)
      transport.produce(m.topic, { key: m.key, value: frame(m.value), headers: { 'correlation-id': m.requestId } });
    await transport.drained(
      routes.map((r) => r.topic),
      300_000,
    );
  } finally {
    await worker.stop(5_000);
  }
  const answers = new Map<string, Set<string>>();
  for (const t of replyTopics) {
    for (const m of transport.read(t)) {
      const v = MemoryCodec.read<{ requestId: string; messageCode: string; status: number }>(m.value!);
      answers.set(v.requestId, (answers.get(v.requestId) ?? new Set()).add(`${v.messageCode}/${v.status}`));
    }
  }
  const entities = Object.fromEntries(
    Object.entries(stores).map(([name, s]) => [
      name,
      new Map([...s.docs].map(([id, d]) => [id, d.record as Record<string, unknown>])),
    ]),
  );
  return { answers, entities };
}
