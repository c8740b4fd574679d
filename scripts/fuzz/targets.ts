// What the fuzzer writes to: each request topic of the run with its schema (read
// from schemas/, the source of truth, with decimals passed through as raw bytes so
// a "decimal" can be any length), its registered id, a valid request to start
// from, and the fields whose rules refuse a bad string (ValidationFailed). A valid
// request goes through @workers/client, whose codec takes decimals as bigint minor
// units: asClientValue gives it in that shape.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import avro from 'avsc';
import { DEFAULT_TOPIC } from '@workers/contracts';
import { repoRoot } from '@workers/devstack';
import { avroLogicalTypes } from '@workers/runtime';
import { envelope as env } from '../bench/requests';
import type { RunTopics } from '../chaos/topics';

/** Decimals as the bytes on the wire, unchecked: the fuzzer decides their length. */
class RawDecimal extends avro.types.LogicalType {
  override _fromValue(v: unknown): unknown {
    return v;
  }
  override _toValue(v: unknown): unknown {
    return Buffer.isBuffer(v) ? v : undefined;
  }
  override _resolve(t: avro.Type): ((x: unknown) => unknown) | undefined {
    return avro.Type.isType(t, 'bytes', 'logical:decimal') ? (x) => x : undefined;
  }
}

export type Value = Record<string, unknown>;

export interface Target {
  name: 'card' | 'contact' | 'account';
  topic: string;
  replyTopic: string;
  schemaId: number;
  type: avro.Type;
  key(v: Value): string;
  /** A valid request (content varied by `n`). */
  valid(requestId: string, n: number): Value;
  /** The same request with `bad` in a field whose rules refuse it (answered ValidationFailed). */
  refused(requestId: string, n: number, bad: string): Value;
}

export function schemaType(
  file: string,
  logicalTypes: avro.ForSchemaOptions['logicalTypes'] = { decimal: RawDecimal },
): avro.Type {
  return avro.Type.forSchema(
    JSON.parse(readFileSync(join(repoRoot, 'schemas', `${file}.avsc`), 'utf8')) as avro.Schema,
    { logicalTypes },
  );
}

const clientTypes = new Map<Target['name'], avro.Type>();

/** `v` in the shape @workers/client encodes (decimals as bigint minor units): the same bytes on the wire. */
export function asClientValue(t: Target, v: Value): Value {
  let type = clientTypes.get(t.name);
  if (!type) {
    type = schemaType(topicSchema[t.name], avroLogicalTypes);
    clientTypes.set(t.name, type);
  }
  return type.fromBuffer(t.type.toBuffer(v)) as Value;
}

/** Confluent wire format: magic byte 0, schema id, Avro body. */
export function wire(schemaId: number, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.writeInt32BE(schemaId, 1);
  return Buffer.concat([head, body]);
}

/** The declared request topic whose schema each target's messages follow. */
const topicSchema: Record<Target['name'], string> = {
  card: DEFAULT_TOPIC.CARD_REQUEST_TOPIC,
  contact: DEFAULT_TOPIC.CONTACT_REQUEST_TOPIC,
  account: DEFAULT_TOPIC.ACCOUNT_REQUEST_TOPIC,
};
const op = (v: Value): Value => Object.values(v.operation as Record<string, Value>)[0]!;
export const minor = (n: number): Buffer => Buffer.from([n & 0x7f]);

export function targets(topics: Omit<RunTopics, 'events'>, ids: Record<string, number>, tag: string): Target[] {
  const card = (n: number): string => `7${String(n).padStart(9, '0')}`;
  const register = (requestId: string, n: number, cardNumber = card(n)): Value =>
    env(requestId, 'ALCS', 'alcs.card.RegisterCard', {
      cardNumber,
      identity: { posId: null, posNumber: '12', posOperatorId: null, posOperatorNumber: 0, siteId: 'SITE-1' },
      loyaltyCard: {
        cardNumber,
        phoneNumber: `+4860${String(1_000_000 + n).slice(-7)}`,
        gender: 'U',
        cardPinHmac: 'c0'.repeat(32),
        wallets: [
          {
            id: 'points',
            balance: minor(10),
            stat: { lost: minor(0), transferredOut: minor(0), transferredIn: null, issued: null },
            version: 'abc',
          },
        ],
      },
    });
  const create = (requestId: string, n: number, contactId = `${tag}-C${n}`): Value =>
    env(requestId, 'CRM', 'crm.contact.CreateContact', {
      contactId,
      audience: 'PERSON',
      personalId: `${tag}-P${n}`,
      accountId: null,
      kind: 'NOTICE',
      actionRequestType: null,
      policyNumber: null,
      title: 'お知らせ',
      body: '本文',
      linkUrl: null,
      publishAt: Date.now(),
      sender: { name: 'SystemAdmin', type: 'SYSTEM' },
      createdBy: 'crm-fuzz',
    });
  const upsert = (requestId: string, n: number, email = `fz${n}-${tag.toLowerCase()}@example.test`): Value =>
    env(requestId, 'WEB', 'crm.account.UpsertAccount', {
      accountId: `${tag}-A${n}`,
      personalId: `${tag}-P${n}`,
      email,
      phone: null,
      externalAuth: false,
      mailDelivery: 'ENABLED',
    });
  /** A target whose Kafka key is the payload's `keyField` and whose refused request carries `bad` where `build` puts its third argument. */
  const target = (
    name: Target['name'],
    topic: string,
    replyTopic: string,
    keyField: string,
    build: (requestId: string, n: number, bad?: string) => Value,
  ): Target => ({
    name,
    topic,
    replyTopic,
    schemaId: ids[name]!,
    type: schemaType(topicSchema[name]),
    key: (v) => String(op(v)[keyField]),
    valid: build,
    refused: (id, n, bad) => build(id, n, bad),
  });
  return [
    target('card', topics.cards, topics.cardReplies, 'cardNumber', register),
    target('contact', topics.contacts, topics.contactReplies, 'contactId', create),
    target('account', topics.accounts, topics.accountReplies, 'accountId', upsert),
  ];
}
