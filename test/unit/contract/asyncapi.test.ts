// docs/asyncapi.yaml is a valid AsyncAPI 3.0 document for the official parser (with the
// Avro schema parser resolving the .avsc files it references), is what `npm run contract`
// makes of the current routing tables, schemas and code tables, and names every topic,
// operation and reply code of the routing tables (read here from the tables themselves).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AvroSchemaParser } from '@asyncapi/avro-schema-parser';
import { type AsyncAPIDocumentInterface, DiagnosticSeverity, fromFile, Parser } from '@asyncapi/parser';
import avro from 'avsc';
import { repoRoot } from '@workers/devstack';
import { fromJson, parseSchema } from '@workers/ops';
import { avroLogicalTypes, requiredCodes } from '@workers/runtime';
import { examples } from '../../../scripts/contract/examples';
import { contractModel, declaredRoutes } from '../../../scripts/contract/model';
import { ASYNCAPI_FILE, renderContract } from '../../../scripts/contract/render';

const file = join(repoRoot, ASYNCAPI_FILE);
let doc: AsyncAPIDocumentInterface;

beforeAll(async () => {
  const parser = new Parser();
  parser.registerSchemaParser(AvroSchemaParser());
  const { document, diagnostics } = await fromFile(parser, file).parse();
  const problems = diagnostics.filter((d) => d.severity <= DiagnosticSeverity.Warning);
  expect(problems.map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`)).toEqual([]);
  expect(document).toBeDefined();
  doc = document!;
}, 60_000);

test('every generated file is current (run `npm run contract` after changing a route, schema or code)', () => {
  for (const [path, text] of renderContract())
    expect([path, readFileSync(join(repoRoot, path), 'utf8')]).toEqual([path, text]);
});

test('every topic of the routing tables is a channel: requests, replies, dead letters, events', () => {
  const { requests, events } = declaredRoutes();
  const expected = [
    ...requests.flatMap((r) => [r.topic, r.replyTopic, r.dlqTopic, ...(r.eventTopics ?? [])]),
    ...events.flatMap((e) => [e.topic, e.dlqTopic]),
  ];
  const addresses = doc
    .channels()
    .all()
    .map((c) => c.address());
  expect(new Set(addresses)).toEqual(new Set(expected));
});

test('every operation is a request/reply pair naming every code it can answer, with status and messages', () => {
  for (const route of declaredRoutes().requests) {
    for (const [name, op] of Object.entries(route.operations)) {
      const o = doc.operations().get(name);
      expect([name, o?.action(), o?.channels().all()[0]?.address()]).toEqual([name, 'receive', route.topic]);
      expect(o?.reply()?.channel()?.address()).toBe(route.replyTopic);
      const reply = o?.reply()?.messages().all()[0];
      const codes = Object.keys(op.codes);
      // The operation's own list, which the route check keeps complete.
      for (const c of requiredCodes(op)) expect([name, codes]).toEqual([name, expect.arrayContaining([c])]);
      const header = reply?.headers()?.properties()?.['message-code']?.enum();
      expect([name, new Set(header)]).toEqual([name, new Set(codes)]);
      const listed = reply?.extensions().get('x-codes')?.value() as {
        code: string;
        status: number;
        messages: Record<string, string>;
      }[];
      for (const code of codes) {
        const entry = listed.find((c) => c.code === code);
        const status = op.codes[code];
        expect([name, code, entry?.status, entry?.messages]).toEqual([name, code, status, route.messages[code]]);
      }
    }
  }
});

test('the ContactApproved event and its topic are described', () => {
  for (const e of declaredRoutes().events)
    for (const name of Object.keys(e.operations)) {
      expect(
        doc
          .messages()
          .all()
          .some((m) => m.id() === name),
      ).toBe(true);
      expect(doc.operations().get(`publish${name}`)?.channels().all()[0]?.address()).toBe(e.topic);
    }
});

test('every example fits its schema, and every operation has one', () => {
  const model = contractModel();
  const all = examples(declaredRoutes().requests, model);
  for (const s of model.services) {
    const requestType = parseSchema(readFileSync(join(repoRoot, s.requestSchema), 'utf8'));
    const replyType = avro.Type.forSchema(JSON.parse(readFileSync(join(repoRoot, s.replySchema), 'utf8')), {
      logicalTypes: avroLogicalTypes,
    });
    for (const op of s.operations) {
      const mine = all.filter((e) => e.topic === s.topic && e.operation === op.name);
      expect([op.name, mine.length > 0]).toEqual([op.name, true]);
      for (const e of mine) {
        expect(() => fromJson(requestType, e.request)).not.toThrow();
        expect([e.name, replyType.isValid(e.reply)]).toEqual([e.name, true]);
      }
    }
  }
});
