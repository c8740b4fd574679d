// Guarantee: the local schema registry speaks the Confluent API — a value encoded
// through it carries the wire format (magic byte 0, 4-byte schema id, Avro body) and
// decodes back, and an incompatible schema change is refused.
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { stackEnv, uniqueName } from '../../support/stack-env';

const v1 = {
  type: 'record',
  name: 'Ping',
  namespace: 'smoke',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
};

test('Avro round trip in Confluent wire format; incompatible change refused', async () => {
  const registry = new SchemaRegistry({ host: stackEnv().registryUrl });
  const subject = `${uniqueName('smoke.avro')}-value`;
  const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(v1) }, { subject });

  const bytes = await registry.encode(id, { id: 'p-1', at: 1_700_000_000_000 });
  expect(bytes[0]).toBe(0);
  expect(bytes.readUInt32BE(1)).toBe(id);
  expect(await registry.decode(bytes)).toEqual({ id: 'p-1', at: 1_700_000_000_000 });

  // A new required field without a default cannot read old data: not BACKWARD compatible.
  const broken = { ...v1, fields: [...v1.fields, { name: 'count', type: 'int' }] };
  await expect(
    registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(broken) }, { subject }),
  ).rejects.toThrow(/incompatible|409/i);

  // The same change with a default is fine and becomes version 2.
  const ok = { ...v1, fields: [...v1.fields, { name: 'count', type: 'int', default: 0 }] };
  const second = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(ok) }, { subject });
  expect(second.id).not.toBe(id);
  expect(await registry.getLatestSchemaId(subject)).toBe(second.id);
});
