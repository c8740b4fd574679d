// The mail worker's broadcast fan-out rate (measured, never asserted by a test). A
// fresh database gets `accounts` accounts (every 7th with mail STOPPED, so about 6 in
// 7 are mailed) and one approved ALL contact, written straight in the contact
// worker's document shapes (fanout-seed.ts); the compiled mail worker runs with
// MAIL_RATE_PER_SEC=1000 (the limit, set high so it is not what binds), 20 SMTP
// connections (each mail holds one for several SMTP round trips, so the default 5
// caps the rate first) and pages of 500 accounts; one ContactApproved is produced;
// the rate is the stack's SMTP sink's: this run's mails from the first received to
// the last, (count − 1) / seconds. Fails when an address got two mails or the count
// is not the number of accounts with mail enabled.
import { randomBytes } from 'node:crypto';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { MongoClient, type Db } from 'mongodb';
import { DEFAULT_TOPIC, type ContactEvent } from '@workers/contracts';
import { avroLogicalTypes, fieldCryptoFromConfig, kafkaClient } from '@workers/runtime';
import { approvedBroadcast, seedAccounts } from './fanout-seed';
import { benchKeys, startCompiled, stopAll } from './workers';

export interface FanoutResult {
  mailsPerSecond: number;
  /** Mails the sink received for the broadcast (one per account with mail enabled). */
  recipients: number;
  /** MAIL_RATE_PER_SEC of the run. */
  limit: number;
}

const LIMIT = 1000;
const WORKER_ENV = { MAIL_RATE_PER_SEC: String(LIMIT), SMTP_MAX_CONNECTIONS: '20', MAIL_PAGE_SIZE: '500' };

interface Captured {
  envelopeTo: string[];
  receivedAt: string;
}

async function produceApproval(env: Record<string, string>, topic: string, event: ContactEvent): Promise<void> {
  const registry = new SchemaRegistry(
    { host: env.SCHEMA_REGISTRY_URL! },
    { [SchemaType.AVRO]: { logicalTypes: avroLogicalTypes } },
  );
  const value = await registry.encode(await registry.getLatestSchemaId(`${topic}-value`), event);
  const producer = kafkaClient({ KAFKA_BROKERS: env.KAFKA_BROKERS!, KAFKA_SSL: false }, 'bench-fanout').producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ key: event.event.contactId, value }] });
  await producer.disconnect();
}

async function settled(db: Db, contactId: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (
    (await db.collection<{ _id: string; status?: string }>('mail_dispatches').findOne({ _id: contactId }))?.status !==
    'DONE'
  ) {
    if (Date.now() > deadline) throw new Error(`the broadcast was not settled after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Mails per second between the first and the last received (count − 1 intervals). */
function rate(mails: Captured[]): number {
  const times = mails.map((m) => Date.parse(m.receivedAt)).sort((a, b) => a - b);
  const seconds = times.length > 1 ? (times[times.length - 1]! - times[0]!) / 1000 : 0;
  return seconds > 0 ? (times.length - 1) / seconds : Number.NaN;
}

/** `stack`: the benchmark's endpoints (.stack/env) and its run prefix, under which the topics and schemas are provisioned. */
export async function fanout(
  stack: { env: Record<string, string>; prefix: string },
  accounts: number,
  say: (l: string) => void,
): Promise<FanoutResult> {
  const { env, prefix } = stack;
  if (!env.MAIL_API_URL)
    throw new Error("the fan-out benchmark reads the local stack's SMTP sink (MAIL_API_URL), which this stack lacks");
  const tag = randomBytes(5).toString('hex');
  const dbName = `${env.MONGODB_DB}_fanout`;
  const topic = `${prefix}${DEFAULT_TOPIC.CONTACT_EVENT_TOPIC}`;
  const mongo = await MongoClient.connect(env.MONGODB_URI!);
  const db = mongo.db(dbName);
  try {
    const enabled = await seedAccounts(
      db,
      fieldCryptoFromConfig(benchKeys),
      accounts,
      (i) => `f${i}-${tag}@example.test`,
    );
    const broadcast = approvedBroadcast(`ALL-${tag}`, Date.now());
    await db.collection<{ _id: string }>('contacts').insertOne(broadcast.document);
    const worker = await startCompiled(
      'mail-worker',
      {
        ...env,
        ...WORKER_ENV,
        CONTACT_EVENT_TOPIC: topic,
        CONSUMER_GROUP: `${prefix}mail-worker`,
        MONGODB_DB: dbName,
        MAIL_FROM: 'noreply@mypage.example.jp',
        MYPAGE_URL: 'https://mypage.example.jp/',
        MAIL_POLL_MS: '200',
      },
      'fanout-0',
    );
    try {
      say(`fanout: ${accounts} accounts (${enabled} with mail enabled), limit ${LIMIT}/s; approving the broadcast…`);
      await produceApproval(env, topic, broadcast.event);
      await settled(db, broadcast.event.event.contactId, 600_000);
    } finally {
      await stopAll([worker]);
    }
    const all = (await (await fetch(`${env.MAIL_API_URL}/messages?envelope=1`)).json()) as Captured[];
    const mails = all.filter((m) => m.envelopeTo.some((to) => to.includes(tag)));
    const addresses = new Set(mails.flatMap((m) => m.envelopeTo));
    if (addresses.size !== mails.length || mails.length !== enabled)
      throw new Error(
        `the sink got ${mails.length} mails for ${addresses.size} addresses and ${enabled} accounts with mail enabled`,
      );
    return { mailsPerSecond: rate(mails), recipients: mails.length, limit: LIMIT };
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await mongo.close();
  }
}
