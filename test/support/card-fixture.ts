// A card-worker scenario: random topics, a fresh database, the worker as a child
// process (with the run's test keys), requests sent through @workers/client (once each;
// their replies read by a read_committed collector, which sees every copy), and a raw
// producer for what the client never sends.
import { randomBytes } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { sealedAt } from '@workers/contracts';
import type { EncryptedField } from '@workers/runtime';
import { CardClient } from '@workers/client';
import { Collector, clientOnce, RequestProducer, requestReplyTopics, written } from './kafka-client';
import { stackEnv, uniqueName } from './stack-env';
import { TEST_KEYS, testCrypto } from './test-keys';
import { WorkerProcess } from './worker-process';

export interface CardReply {
  requestId: string;
  operation: string;
  status: number;
  messageCode: string;
  message: string;
  cashierMessage: string | null;
  cardNumber: string | null;
  customerId: string | null;
  details: { field: string; reason: string }[];
  processedAt: number;
}

export class CardScenario {
  worker?: WorkerProcess;
  readonly workers: WorkerProcess[] = [];
  private constructor(
    readonly topics: { requests: string; replies: string; dlq: string },
    readonly producer: RequestProducer,
    readonly client: CardClient,
    readonly replies: Collector<CardReply>,
    readonly mongo: MongoClient,
    readonly db: Db,
    readonly env: Record<string, string>,
  ) {}

  static async open(name: string, partitions = 3): Promise<CardScenario> {
    const t = await requestReplyTopics(`alcs.card.${name}`, 'alcs.card.requests', 'alcs.card.replies', partitions);
    const producer = await RequestProducer.open(t.requests, t.requestSchemaId);
    const client = await CardClient.connect(clientOnce({ requests: t.requests, replies: t.replies }));
    const replies = await Collector.open<CardReply>(t.replies);
    const dbName = uniqueName('cards').replace(/[-.]/g, '_');
    const mongo = await MongoClient.connect(stackEnv().mongoUri, { useBigInt64: true });
    const env = {
      CARD_REQUEST_TOPIC: t.requests,
      CARD_REPLY_TOPIC: t.replies,
      CONSUMER_GROUP: uniqueName('card-worker'),
      INSTANCE_ID: uniqueName('i'),
      MONGODB_DB: dbName,
      RETRY_BASE_MS: '100',
      RETRY_MAX_MS: '1000',
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      ...TEST_KEYS,
    };
    return new CardScenario(t, producer, client, replies, mongo, mongo.db(dbName), env);
  }

  async startWorker(extra: Record<string, string> = {}): Promise<WorkerProcess> {
    const w = WorkerProcess.start('card-worker', { ...this.env, ...extra });
    this.worker = w;
    this.workers.push(w);
    await w.waitForLog('worker.started');
    return w;
  }

  /** Sends through the client, once; resolves when written (the reply comes to `replies`). */
  async send(req: CardRequestInput): Promise<void> {
    await this.sendAll([req]);
  }

  /** Sends requests in one produce call, so a worker fetches them in one batch. */
  async sendAll(reqs: readonly CardRequestInput[]): Promise<void> {
    await written(this.client.startEnvelopes(reqs.map((r) => ({ envelope: request(r), options: { key: r.key } }))));
  }

  /** A request with headers the client never sends (a reply-topic not configured…), produced raw. */
  async sendForged(req: CardRequestInput, headers: Record<string, string>): Promise<void> {
    await this.producer.send(req.key ?? req.op.cardNumber, request(req), {
      'correlation-id': req.requestId,
      ...headers,
    });
  }

  /** How many replies each requestId got so far. */
  replyCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of this.replies.received) counts.set(r.value.requestId, (counts.get(r.value.requestId) ?? 0) + 1);
    return counts;
  }

  /** Waits for the reply with `requestId` (the first one) and returns it. */
  async reply(requestId: string, timeoutMs = 30_000): Promise<CardReply> {
    const all = await this.replies.waitFor((rs) => rs.some((r) => r.value.requestId === requestId), timeoutMs);
    return all.find((r) => r.value.requestId === requestId)!.value;
  }

  /** The customer's phone of a stored card, decrypted with the test keys; null when none (or no card). */
  async phoneOf(cardNumber: string): Promise<string | null> {
    const doc = await this.db
      .collection<{ _id: string; customer?: { phone?: EncryptedField | null } }>('cards')
      .findOne({ _id: cardNumber });
    const sealed = doc?.customer?.phone;
    return sealed ? testCrypto().decrypt(sealed, sealedAt('cards', cardNumber, 'customer.phone')) : null;
  }

  repliesFor(requestId: string): CardReply[] {
    return this.replies.received.filter((r) => r.value.requestId === requestId).map((r) => r.value);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
    await this.replies.close();
    await this.client.close();
    await this.producer.close();
    await this.db.dropDatabase().catch(() => undefined);
    await this.mongo.close();
  }
}

export type CardRequestInput = {
  requestId: string;
  key?: string;
  clientLanguage?: string;
  cashierLanguage?: string;
  op: Record<string, unknown> & { cardNumber: string };
  opName: 'RegisterCard' | 'ActivateCard' | 'ChangePhoneNumber' | 'LockCard';
};

export function request(r: CardRequestInput): Record<string, unknown> & { requestId: string } {
  return {
    requestId: r.requestId,
    sentAt: Date.now(),
    source: 'ALCS',
    responseLanguage:
      r.clientLanguage || r.cashierLanguage
        ? { clientLanguage: r.clientLanguage ?? null, cashierLanguage: r.cashierLanguage ?? null }
        : null,
    operation: { [`alcs.card.${r.opName}`]: r.op },
  };
}

export const PIN = 'ab'.repeat(32);

export function register(
  requestId: string,
  cardNumber: string,
  phoneNumber: string | null = '+48600100200',
  extra: Partial<CardRequestInput> = {},
): CardRequestInput {
  return {
    requestId,
    opName: 'RegisterCard',
    ...extra,
    op: {
      cardNumber,
      identity: { posId: null, posNumber: '12', posOperatorId: null, posOperatorNumber: 0, siteId: 'SITE-1' },
      loyaltyCard: {
        cardNumber,
        phoneNumber,
        gender: 'F',
        cardPinHmac: PIN,
        wallets: [
          {
            id: 'points',
            balance: 12345n,
            stat: { lost: 0n, transferredOut: 100n, transferredIn: null, issued: 12445n },
            version: 'v1',
          },
        ],
      },
    },
  };
}

export const activate = (
  requestId: string,
  cardNumber: string,
  phoneNumber: string,
  extra: Partial<CardRequestInput> = {},
): CardRequestInput => ({ requestId, opName: 'ActivateCard', op: { cardNumber, phoneNumber }, ...extra });
export const changePhone = (requestId: string, cardNumber: string, phoneNumber: string): CardRequestInput => ({
  requestId,
  opName: 'ChangePhoneNumber',
  op: { cardNumber, phoneNumber },
});
export const lock = (requestId: string, cardNumber: string): CardRequestInput => ({
  requestId,
  opName: 'LockCard',
  op: { cardNumber },
});

/**
 * 16 random digits: scenarios append an index and keep the first 19 characters, and every
 * scenario shares the stack's database, so two cards must never collide (a time-plus-six-digits
 * number did, one run in a few hundred, and a register was answered CardAlreadyRegistered).
 */
export const newCardNumber = (): string =>
  `4${(randomBytes(8).readBigUInt64BE() % 10n ** 15n).toString().padStart(15, '0')}`;
