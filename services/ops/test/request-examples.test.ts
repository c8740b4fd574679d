// The example requests of docs/requests/<topic>/*.json (the operators' templates, also
// used by the integration tests and the demo) convert against schemas/<topic>.avsc,
// and every operation of every request topic has at least one.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type avro from 'avsc';
import { fromJson } from '../src/avro/from-json';
import { rootDir } from '../src/paths';
import { serviceOf } from '../src/operator-request';
import { fillEnvelope } from '../src/request-envelope';
import { ROUTES } from '@workers/client';
import { schemaOf } from './schema-fixture';

const docs = join(rootDir, 'docs', 'requests');
const REQUEST_TOPICS = ['alcs.card.requests', 'crm.account.requests', 'crm.contact.requests'];

const branches = (t: avro.Type): string[] =>
  ((t as avro.types.RecordType).field('operation').type as avro.types.WrappedUnionType).types.map(
    (b) => b.branchName ?? '',
  );

it('has a folder of examples for each request topic, and nothing else', () => {
  expect(readdirSync(docs).sort()).toEqual(REQUEST_TOPICS);
});

describe.each(REQUEST_TOPICS)('%s', (topic) => {
  const type = schemaOf(topic);
  const files = readdirSync(join(docs, topic))
    .filter((f) => f.endsWith('.json'))
    .sort();

  it.each(files)('%s converts to a valid request (requestId and sentAt filled in)', (file) => {
    const { request } = fillEnvelope(
      JSON.parse(readFileSync(join(docs, topic, file), 'utf8')) as unknown,
      Date.UTC(2025, 0, 31),
      () => 'example-1',
    );
    const value = fromJson(type, request) as Record<string, unknown>;
    expect(type.isValid(value)).toBe(true);
    expect(type.fromBuffer(type.toBuffer(value))).toEqual(value);
    // The client keys it: the route of its topic, and the operation's key field or its requestId.
    const route = ROUTES[serviceOf(value)];
    expect(route.topic).toBe(topic);
    const [[branch, payload]] = Object.entries(value.operation as Record<string, Record<string, unknown>>) as [
      [string, Record<string, unknown>],
    ];
    const op = route.operations[branch.slice(route.namespace.length + 1) as keyof typeof route.operations] as {
      keyField: string;
      keyFromRequestId: boolean;
    };
    expect(Boolean(payload[op.keyField]) || op.keyFromRequestId).toBe(true);
  });

  it('covers every operation', () => {
    const used = new Set(
      files.flatMap((file) => {
        const { request } = fillEnvelope(JSON.parse(readFileSync(join(docs, topic, file), 'utf8')) as unknown);
        return Object.keys((fromJson(type, request) as { operation: object }).operation);
      }),
    );
    expect([...used].sort()).toEqual(branches(type).sort());
  });
});
