// The registry through the real @kafkajs/confluent-schema-registry client, the way the
// workers use it: register, encode, decode, latest ids, refused incompatible changes.
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { startSchemaRegistry } from '../src';

let registry: { url: string; close(): Promise<void> };
let client: SchemaRegistry;

const contactV1 = {
  type: 'record' as const,
  name: 'Contact',
  namespace: 'crm',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'age', type: 'int' },
  ],
};
const contactV2 = {
  ...contactV1,
  fields: [...contactV1.fields, { name: 'phone', type: ['null', 'string'], default: null }],
};
const avro = (schema: object) => ({ type: SchemaType.AVRO as const, schema: JSON.stringify(schema) });

beforeAll(async () => {
  registry = await startSchemaRegistry({ port: 0 });
  client = new SchemaRegistry({ host: registry.url, retry: { retries: 0 } });
});
afterAll(async () => {
  await registry.close();
});

it('registers, encodes and decodes in the Confluent wire format', async () => {
  const { id } = await client.register(avro(contactV1), { subject: 'contacts-value' });
  expect(id).toBe(1);
  const bytes = await client.encode(id, { id: 'c-1', age: 42 });
  expect(bytes[0]).toBe(0);
  expect(bytes.readInt32BE(1)).toBe(id);
  expect(await client.decode(bytes)).toEqual({ id: 'c-1', age: 42 });
  expect(await client.getLatestSchemaId('contacts-value')).toBe(id);
  // The client set the subject level on first registration.
  const config = await fetch(`${registry.url}/config/contacts-value`);
  expect(await config.json()).toEqual({ compatibilityLevel: 'BACKWARD' });
});

it('evolves compatibly and decodes old data with a newer reader schema', async () => {
  const old = await client.encode(1, { id: 'c-1', age: 42 });
  // Registering the same schema again returns its id.
  expect((await client.register(avro(contactV1), { subject: 'contacts-value' })).id).toBe(1);
  const { id } = await client.register(avro(contactV2), { subject: 'contacts-value' });
  expect(id).toBe(2);
  expect(await client.getLatestSchemaId('contacts-value')).toBe(2);
  expect(await client.getRegistryIdBySchema('contacts-value', avro(contactV1))).toBe(1);
  const read = await client.decode(old, { [SchemaType.AVRO]: { readerSchema: contactV2 } });
  expect(read).toEqual({ id: 'c-1', age: 42, phone: null });
  expect(await client.decode(await client.encode(2, { id: 'c-2', age: 7, phone: '+41' }))).toEqual({
    id: 'c-2',
    age: 7,
    phone: '+41',
  });
});

it('refuses an incompatible change with HTTP 409', async () => {
  const breaking = {
    ...contactV1,
    fields: [
      { name: 'id', type: 'string' },
      { name: 'age', type: 'string' },
    ],
  };
  const refused = client.register(avro(breaking), { subject: 'contacts-value' });
  await expect(refused).rejects.toMatchObject({ status: 409 });
  await expect(refused).rejects.toThrow(/incompatible/);
  expect(await client.getLatestSchemaId('contacts-value')).toBe(2);
});

it('reports unknown subjects and ids as 404', async () => {
  await expect(client.getLatestSchemaId('missing-value')).rejects.toMatchObject({ status: 404 });
  await expect(client.getSchema(999)).rejects.toMatchObject({ status: 404 });
});
