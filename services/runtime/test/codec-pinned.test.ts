// Schemas are pinned (SPEC §7): the repository's `.avsc` is the reader schema of every
// value read, whichever registered version of the subject wrote it, and replies are
// written with the id registered for the repository's own schema, not the latest one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { repoRoot, startSchemaRegistry } from '@workers/devstack';
import { MalformedError, registryCodec, SchemaNotRegisteredError, type Codec } from '../src/codec';
import { avroLogicalTypes } from '../src/decimal';

type Schema = { type: 'record'; name: string; namespace?: string; fields: Record<string, unknown>[] };

let registry: { url: string; close(): Promise<void> };
let client: SchemaRegistry;
beforeAll(async () => {
  registry = await startSchemaRegistry({ port: 0 });
  client = new SchemaRegistry(
    { host: registry.url, retry: { retries: 0 } },
    { [SchemaType.AVRO]: { logicalTypes: avroLogicalTypes } },
  );
});
afterAll(() => registry.close());

let n = 0;
const subjectName = (): string => `t${++n}.card.replies-value`;
const register = async (subject: string, schema: object): Promise<number> =>
  (await client.register({ type: SchemaType.AVRO, schema: JSON.stringify(schema) }, { subject })).id;
const codecFor = (subject: string, schema: object): Codec =>
  registryCodec({ url: registry.url, schemas: { [subject]: JSON.stringify(schema) } });

/** The repository's reply schema, and the versions before and after it. */
const repo = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'alcs.card.replies.avsc'), 'utf8')) as Schema;
const older: Schema = { ...repo, fields: repo.fields.filter((f) => f.name !== 'customerId') };
const newer: Schema = {
  ...repo,
  fields: [...repo.fields, { name: 'traceTag', type: ['null', 'string'], default: null }],
};
const reply = {
  requestId: 'r-1',
  operation: 'RegisterCard',
  status: 201,
  messageCode: 'Success',
  message: 'ok',
  cashierMessage: null,
  cardNumber: '1234',
  details: [],
  processedAt: 1_700_000_000_000,
};

/** A subject holding older, the repository's schema, then newer (latest); a codec pinned to the repository's. */
async function threeVersions(): Promise<{ subject: string; ids: number[]; codec: Codec }> {
  const subject = subjectName();
  const ids = [await register(subject, older), await register(subject, repo), await register(subject, newer)];
  return { subject, ids, codec: codecFor(subject, repo) };
}

test('a value written with an older version is read in the repository shape: the added field has its default', async () => {
  const { subject, ids, codec } = await threeVersions();
  const bytes = await client.encode(ids[0]!, reply);
  expect(await codec.decode(bytes, subject)).toEqual({ ...reply, customerId: null });
});

test('a value written with a newer version is read in the repository shape: the field it added is dropped', async () => {
  const { subject, ids, codec } = await threeVersions();
  const bytes = await client.encode(ids[2]!, { ...reply, customerId: 'c'.repeat(32), traceTag: 'pos-7' });
  expect(await codec.decode(bytes, subject)).toEqual({ ...reply, customerId: 'c'.repeat(32) });
});

test('replies are written with the id of the repository schema, though a newer version is the latest', async () => {
  const { subject, ids, codec } = await threeVersions();
  expect(await client.getLatestSchemaId(subject)).toBe(ids[2]);
  const bytes = await codec.encode(subject, { ...reply, customerId: null });
  expect(bytes.readUInt32BE(1)).toBe(ids[1]);
  expect(await client.decode(bytes)).toEqual({ ...reply, customerId: null });
  expect(await codec.pinnedSchema(subject)).toMatchObject({ id: ids[1] });
});

test('the repository schema not registered under the subject is named at start and refused when writing', async () => {
  const subject = subjectName();
  await register(subject, older);
  const codec = codecFor(subject, repo);
  await expect(codec.pinnedSchema(subject)).rejects.toThrow(SchemaNotRegisteredError);
  await expect(codec.pinnedSchema(subject)).rejects.toThrow(subject);
  await expect(codec.encode(subject, reply)).rejects.toMatchObject({ name: 'DependencyRefusedError' });
});

test('a writer schema that is not a version of the subject, or an id nobody registered, is malformed', async () => {
  const { subject, codec } = await threeVersions();
  const elsewhere = await register(subjectName(), { ...repo, name: 'Other' });
  const foreign = await client.encode(elsewhere, { ...reply, customerId: null });
  await expect(codec.decode(foreign, subject)).rejects.toThrow(
    new MalformedError(`schema ${elsewhere} is not a version of ${subject}`),
  );
  const unknown = Buffer.from(foreign);
  unknown.writeUInt32BE(999_999, 1);
  await expect(codec.decode(unknown, subject)).rejects.toThrow(new MalformedError('no schema has id 999999'));
  for (const id of [0, 0xffffffff]) {
    const crafted = Buffer.from(foreign);
    crafted.writeUInt32BE(id, 1);
    await expect(codec.decode(crafted, subject)).rejects.toThrow(MalformedError);
  }
});

test('a registered version that cannot be resolved into the repository schema is malformed, not retried', async () => {
  const subject = subjectName();
  // Under NONE compatibility a version may lack the repository's required `status` (no default).
  const lacking = {
    type: SchemaType.AVRO as const,
    schema: JSON.stringify({ ...repo, fields: repo.fields.filter((f) => f.name !== 'status') }),
  };
  const { id } = await client.register(lacking, { subject, compatibility: COMPATIBILITY.NONE });
  await client.register(
    { type: SchemaType.AVRO, schema: JSON.stringify(repo) },
    { subject, compatibility: COMPATIBILITY.NONE },
  );
  const { status: _, ...withoutStatus } = reply;
  const bytes = await client.encode(id, { ...withoutStatus, customerId: null });
  await expect(codecFor(subject, repo).decode(bytes, subject)).rejects.toThrow(MalformedError);
});

test('decimals resolve into bigint minor units across versions', async () => {
  const subject = subjectName();
  const money = { type: 'bytes', logicalType: 'decimal', precision: 18, scale: 2 };
  const v1: Schema = { type: 'record', name: 'Wallet', fields: [{ name: 'balance', type: money }] };
  const v2: Schema = { ...v1, fields: [...v1.fields, { name: 'lost', type: ['null', money], default: null }] };
  const id = await register(subject, v1);
  await register(subject, v2);
  const bytes = await client.encode(id, { balance: 12_34n });
  expect(await codecFor(subject, v2).decode(bytes, subject)).toEqual({ balance: 12_34n, lost: null });
});

test('a value that does not fit is refused naming its paths, never its content', async () => {
  const { subject, codec } = await threeVersions();
  const err = await codec
    .encode(subject, { ...reply, message: 12345, customerId: 'secret@example.com' })
    .catch((e: unknown) => e);
  expect((err as Error).message).toBe(`value does not fit the schema of ${subject} at: message`);
});
