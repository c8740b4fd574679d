// A mail-worker scenario: a random events topic (+ .dlq) with the ContactEvent schema,
// a fresh database seeded with `contacts` and `accounts` documents in the contact
// worker's shapes (e-mails encrypted with per-run test keys), a ContactApproved
// producer, the worker as a child process, and the mail the SMTP sink captured for
// this scenario's addresses only (the sink is shared by every test of the run).
import { randomBytes, randomUUID } from 'node:crypto';
import { MongoClient, type Db, type Document } from 'mongodb';
import { type ContactApproved, type ContactEvent, sealedAt } from '@workers/contracts';
import { RequestProducer, createTopics, registerSchema } from './kafka-client';
import { stackEnv, uniqueName } from './stack-env';
import { TEST_KEYS, testCrypto } from './test-keys';
import { WorkerProcess } from './worker-process';

export interface CapturedMail {
  id: number;
  receivedAt: string;
  envelopeTo: string[];
  messageId?: string;
  subject?: string;
  text?: string;
  html?: string;
}

/** Everything the stack's SMTP sink captured (shared by every test of the run); `envelopeOnly` skips parsing the messages. */
export async function capturedMail(envelopeOnly = false): Promise<CapturedMail[]> {
  return (await (
    await fetch(`${stackEnv().mailApiUrl}/messages${envelopeOnly ? '?envelope=1' : ''}`)
  ).json()) as CapturedMail[];
}

/** Captured mail addressed to any of `addresses` (case-insensitive), in arrival order. */
export async function capturedMailFor(addresses: string[]): Promise<CapturedMail[]> {
  const wanted = new Set(addresses.map((a) => a.toLowerCase()));
  return (await capturedMail()).filter((m) => m.envelopeTo.some((t) => wanted.has(t.toLowerCase())));
}

export type ContactDoc = Document & { _id: string; contactId: string };

/** Polls `probe` until it returns something truthy; throws naming `what` on timeout. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export class MailScenario {
  readonly workers: WorkerProcess[] = [];
  readonly crypto = testCrypto();
  /** Lower-case tag in every address of this scenario. */
  readonly tag = randomBytes(5).toString('hex');

  private constructor(
    readonly topics: { events: string; dlq: string },
    readonly producer: RequestProducer,
    readonly mongo: MongoClient,
    readonly db: Db,
    readonly env: Record<string, string>,
  ) {}

  static async open(name: string, partitions = 3): Promise<MailScenario> {
    const events = uniqueName(`crm.contact.${name}.events`);
    const dlq = `${events}.dlq`;
    await createTopics([events, dlq], partitions);
    const schemaId = await registerSchema(events, 'crm.contact.events');
    const dbName = uniqueName('mail').replace(/[-.]/g, '_');
    const mongo = await MongoClient.connect(stackEnv().mongoUri);
    const env = {
      CONTACT_EVENT_TOPIC: events,
      CONSUMER_GROUP: uniqueName('mail-worker'),
      INSTANCE_ID: uniqueName('i'),
      MONGODB_DB: dbName,
      RETRY_BASE_MS: '100',
      RETRY_MAX_MS: '1000',
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      MAIL_FROM: '"マイページ" <noreply@mypage.example.jp>',
      MYPAGE_URL: 'https://mypage.example.jp/',
      MAIL_POLL_MS: '200',
      MAIL_LEASE_MS: '3000',
      MAIL_RATE_PER_SEC: '100',
      MAIL_RETRY_BASE_MS: '300',
      MAIL_RETRY_MAX_MS: '2000',
      MAIL_MAX_ATTEMPTS: '3',
      ...TEST_KEYS,
    };
    return new MailScenario(
      { events, dlq },
      await RequestProducer.open(events, schemaId),
      mongo,
      mongo.db(dbName),
      env,
    );
  }

  /** An address unique to this scenario; `local` may start with `reject` (550) or `tempfail` (451). */
  address(local: string): string {
    return `${local}-${this.tag}@example.test`.toLowerCase();
  }

  async seedAccounts(
    accounts: { accountId: string; personalId: string; email: string; mailDelivery?: 'ENABLED' | 'STOPPED' }[],
  ): Promise<void> {
    const now = Date.now();
    const docs = accounts.map((a) => ({
      _id: a.accountId,
      _rev: 1,
      _marks: '[]',
      accountId: a.accountId,
      personalId: a.personalId,
      email: this.crypto.encrypt(a.email, sealedAt('accounts', a.accountId, 'email')),
      emailHash: this.crypto.hash(a.email),
      phone: null,
      externalAuth: false,
      mailDelivery: a.mailDelivery ?? 'ENABLED',
      createdAt: now,
      updatedAt: now,
      updatedBy: null,
      version: 1,
    }));
    for (let i = 0; i < docs.length; i += 500)
      await this.db.collection<Document & { _id: string }>('accounts').insertMany(docs.slice(i, i + 500));
  }

  /** An approved, valid contact (not yet mailed); override what the test needs. */
  async seedContact(over: Partial<ContactDoc> = {}): Promise<ContactDoc> {
    const now = Date.now();
    const contactId = over.contactId ?? `C-${randomUUID()}`;
    const doc: ContactDoc = {
      _id: contactId,
      _rev: 2,
      _marks: '[]',
      contactId,
      audience: 'PERSON',
      personalId: 'P-1',
      accountId: null,
      kind: 'NOTICE',
      actionRequestType: null,
      policyNumber: 'PN-0012345',
      title: '証券番号 PN-0012345 の保険料お払込みについて',
      body: '口座振替ができませんでした。',
      linkUrl: 'https://mypage.example.jp/notices/1',
      publishAt: now,
      sender: { name: 'SystemAdmin', type: 'SYSTEM' },
      createdBy: 'crm-batch',
      createdAt: now - 60_000,
      valid: true,
      approvedBy: 'approver-1',
      approvedAt: now,
      answerStatus: 'NOT_APPLICABLE',
      deleted: false,
      deletedBy: null,
      deletedAt: null,
      updatedBy: 'approver-1',
      updatedAt: now,
      version: 2,
      createRequestId: `req-${contactId}`,
      mailSent: false,
      mailSentAt: null,
      ...over,
    };
    await this.db.collection<ContactDoc>('contacts').insertOne(doc);
    return doc;
  }

  /** Produces ContactApproved for `c` (as the contact worker would); returns the eventId. */
  async approve(c: ContactDoc, eventId = `ev-${randomUUID()}`): Promise<string> {
    const event: ContactApproved = {
      contactId: c.contactId,
      audience: c.audience,
      personalId: c.personalId,
      accountId: c.accountId,
      kind: c.kind,
      title: c.title,
      linkUrl: c.linkUrl,
      publishAt: c.publishAt,
      approvedBy: c.approvedBy,
      approvedAt: c.approvedAt,
    };
    const value: ContactEvent = { eventId, occurredAt: Date.now(), event };
    await this.producer.send(c.contactId, value);
    return eventId;
  }

  async updateContact(contactId: string, set: Document): Promise<void> {
    await this.db
      .collection<ContactDoc>('contacts')
      .updateOne({ _id: contactId }, { $set: set, $inc: { _rev: 1, version: 1 } });
  }

  async startWorker(extra: Record<string, string> = {}, o: { compiled?: boolean } = {}): Promise<WorkerProcess> {
    const w = WorkerProcess.start('mail-worker', { ...this.env, ...extra }, o);
    this.workers.push(w);
    await w.waitForLog('dispatcher.started');
    return w;
  }

  /** SIGTERMs every worker still running (between the cases of one file). */
  async stopWorkers(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
  }

  /** Mail the sink captured for this scenario's addresses (`envelopeOnly`: recipients and times, not parsed). */
  async mails(envelopeOnly = false): Promise<CapturedMail[]> {
    return (await capturedMail(envelopeOnly)).filter((m) =>
      m.envelopeTo.some((t) => t.toLowerCase().includes(this.tag)),
    );
  }

  async mailsTo(address: string): Promise<CapturedMail[]> {
    return (await this.mails()).filter((m) => m.envelopeTo.map((t) => t.toLowerCase()).includes(address.toLowerCase()));
  }

  /** The record of the address mailed (or decided) through `accountId` (null: none was found). */
  async delivery(contactId: string, accountId: string | null): Promise<Document | null> {
    return this.db.collection('mail_deliveries').findOne({ contactId, accountId });
  }

  async deliveries(contactId: string): Promise<Document[]> {
    return this.db.collection('mail_deliveries').find({ contactId }).toArray();
  }

  async dispatch(contactId: string): Promise<Document | null> {
    return this.db.collection<Document & { _id: string }>('mail_dispatches').findOne({ _id: contactId });
  }

  async contact(contactId: string): Promise<ContactDoc | null> {
    return this.db.collection<ContactDoc>('contacts').findOne({ _id: contactId });
  }

  /** Waits until the contact's dispatch is DONE and returns it. */
  async settled(contactId: string, timeoutMs = 30_000): Promise<Document> {
    return eventually(
      `dispatch ${contactId} DONE`,
      async () => {
        const d = await this.dispatch(contactId);
        return d?.status === 'DONE' ? d : null;
      },
      timeoutMs,
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
    await this.producer.close();
    await this.db.dropDatabase().catch(() => undefined);
    await this.mongo.close();
  }
}
