// A contact-worker scenario: random request/reply/event topics, a fresh database,
// the worker as a child process, contact and account requests sent through
// @workers/client (once each), raw producers for what the client never sends, and
// read_committed collectors of replies (every copy) and events.
import { MongoClient, type Db } from 'mongodb';
import type { ContactEvent } from '@workers/contracts';
import { UNCHANGED } from '../../services/contact-worker/src/domain/types';
import { AccountClient, ContactClient } from '@workers/client';
import {
  Collector,
  clientOnce,
  RequestProducer,
  createTopics,
  registerSchema,
  requestReplyTopics,
  written,
} from './kafka-client';
import { stackEnv, uniqueName } from './stack-env';
import { TEST_KEYS } from './test-keys';
import { WorkerProcess } from './worker-process';

export interface Reply {
  requestId: string;
  operation: string;
  status: number;
  messageCode: string;
  message: string;
  contactId?: string | null;
  accountId?: string | null;
  version?: number | null;
  details: { field: string; reason: string }[];
}

/** A crm.contact.events value as decoded: the single-branch union is unwrapped (the ContactApproved record). */
export type ContactEventValue = ContactEvent;

export { TEST_KEYS };

export class ContactScenario {
  readonly workers: WorkerProcess[] = [];
  private constructor(
    readonly topics: {
      contacts: string;
      contactReplies: string;
      accounts: string;
      accountReplies: string;
      events: string;
    },
    readonly contacts: RequestProducer,
    readonly accounts: RequestProducer,
    readonly clients: { contacts: ContactClient; accounts: AccountClient },
    readonly contactReplies: Collector<Reply>,
    readonly accountReplies: Collector<Reply>,
    readonly events: Collector<ContactEventValue>,
    readonly mongo: MongoClient,
    readonly db: Db,
    readonly env: Record<string, string>,
  ) {}

  static async open(name: string, partitions = 3): Promise<ContactScenario> {
    const c = await requestReplyTopics(
      `crm.contact.${name}`,
      'crm.contact.requests',
      'crm.contact.replies',
      partitions,
    );
    const a = await requestReplyTopics(
      `crm.account.${name}`,
      'crm.account.requests',
      'crm.account.replies',
      partitions,
    );
    const events = uniqueName(`crm.contact.${name}.events`);
    await createTopics([events, `${events}.dlq`], partitions); // the mail worker consumes the events (end-to-end tests)
    await registerSchema(events, 'crm.contact.events');
    const dbName = uniqueName('contacts').replace(/[-.]/g, '_');
    const mongo = await MongoClient.connect(stackEnv().mongoUri);
    const env = {
      CONTACT_REQUEST_TOPIC: c.requests,
      CONTACT_REPLY_TOPIC: c.replies,
      ACCOUNT_REQUEST_TOPIC: a.requests,
      ACCOUNT_REPLY_TOPIC: a.replies,
      CONTACT_EVENT_TOPIC: events,
      CONSUMER_GROUP: uniqueName('contact-worker'),
      INSTANCE_ID: uniqueName('i'),
      MONGODB_DB: dbName,
      RETRY_BASE_MS: '100',
      RETRY_MAX_MS: '1000',
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      ...TEST_KEYS,
    };
    return new ContactScenario(
      { contacts: c.requests, contactReplies: c.replies, accounts: a.requests, accountReplies: a.replies, events },
      await RequestProducer.open(c.requests, c.requestSchemaId),
      await RequestProducer.open(a.requests, a.requestSchemaId),
      {
        contacts: await ContactClient.connect(clientOnce({ requests: c.requests, replies: c.replies })),
        accounts: await AccountClient.connect(clientOnce({ requests: a.requests, replies: a.replies })),
      },
      await Collector.open<Reply>(c.replies),
      await Collector.open<Reply>(a.replies),
      await Collector.open<ContactEventValue>(events),
      mongo,
      mongo.db(dbName),
      env,
    );
  }

  async startWorker(extra: Record<string, string> = {}): Promise<WorkerProcess> {
    const w = WorkerProcess.start('contact-worker', { ...this.env, ...extra });
    this.workers.push(w);
    await w.waitForLog('worker.started');
    return w;
  }

  /** Sends through the client, once; resolves when written (the reply comes to `contactReplies`). */
  async sendContact(
    requestId: string,
    opName: 'CreateContact' | 'UpdateContact' | 'DeleteContact',
    op: Record<string, unknown>,
    opts: { key?: string; lang?: string } = {},
  ): Promise<void> {
    const envelope = contactEnvelope(requestId, `crm.contact.${opName}`, op, opts.lang);
    await written([this.clients.contacts.startEnvelope(envelope, { key: opts.key })]);
  }

  async sendAccount(
    requestId: string,
    opName: 'UpsertAccount' | 'UpdateAccountContact',
    op: Record<string, unknown> & { accountId: string },
    opts: { lang?: string } = {},
  ): Promise<void> {
    await written([
      this.clients.accounts.startEnvelope(contactEnvelope(requestId, `crm.account.${opName}`, op, opts.lang)),
    ]);
  }

  /** The `nth` (1-based) reply to `requestId`, once it has arrived. */
  async contactReply(requestId: string, nth = 1, timeoutMs = 30_000): Promise<Reply> {
    return nthReply(this.contactReplies, requestId, nth, timeoutMs);
  }

  async accountReply(requestId: string, nth = 1, timeoutMs = 30_000): Promise<Reply> {
    return nthReply(this.accountReplies, requestId, nth, timeoutMs);
  }

  /** Contact replies received so far for `requestId`. */
  repliesFor(requestId: string): Reply[] {
    return this.contactReplies.received.filter((r) => r.value.requestId === requestId).map((r) => r.value);
  }

  /** Approval events received for `contactId`. */
  approvals(contactId: string): ContactEventValue[] {
    return this.events.received.map((e) => e.value).filter((e) => e.event.contactId === contactId);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
    await Promise.all([
      this.contactReplies.close(),
      this.accountReplies.close(),
      this.events.close(),
      this.contacts.close(),
      this.accounts.close(),
      this.clients.contacts.close(),
      this.clients.accounts.close(),
    ]);
    await this.db.dropDatabase().catch(() => undefined);
    await this.mongo.close();
  }
}

async function nthReply(c: Collector<Reply>, requestId: string, nth: number, timeoutMs: number): Promise<Reply> {
  const mine = (rs: { value: Reply }[]): Reply[] =>
    rs.filter((r) => r.value.requestId === requestId).map((r) => r.value);
  const all = await c.waitFor((rs) => mine(rs).length >= nth, timeoutMs);
  return mine(all)[nth - 1]!;
}

function contactEnvelope(
  requestId: string,
  branch: string,
  op: Record<string, unknown>,
  lang?: string,
): Record<string, unknown> & { requestId: string } {
  return {
    requestId,
    sentAt: Date.now(),
    source: 'CRM',
    responseLanguage: lang ? { clientLanguage: lang, cashierLanguage: null } : null,
    operation: { [branch]: op },
  };
}

/** A CreateContact payload with every optional field null; override what the test needs. */
export function createContact(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    contactId: null,
    audience: 'PERSON',
    personalId: 'P0001',
    accountId: null,
    kind: 'NOTICE',
    actionRequestType: null,
    policyNumber: null,
    title: 'お知らせ',
    body: '本文です。',
    linkUrl: 'https://mypage.example.jp/notices',
    publishAt: Date.now(),
    sender: { name: 'SystemAdmin', type: 'SYSTEM' },
    createdBy: 'crm-batch',
    ...over,
  };
}

export function updateContact(contactId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { contactId, updatedBy: 'operator-1', ...UNCHANGED, ...over };
}
