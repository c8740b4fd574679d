// Guarantee: bytes that cannot be decoded never stall a partition — with a
// correlation-id header they get a MalformedRequest reply; without one they go,
// unchanged, to <topic>.dlq with headers naming the error and their origin; the
// messages after them are processed.
import { Collector } from '../../support/kafka-client';
import { CardScenario, newCardNumber, register } from '../../support/card-fixture';

let s: CardScenario;
beforeAll(async () => {
  s = await CardScenario.open('bad', 1);
  await s.startWorker();
});
afterAll(async () => s.close());

test('garbage with correlation-id → MalformedRequest; without → DLQ with origin; the partition keeps moving', async () => {
  const garbage = Buffer.from('definitely not avro');
  const wrongSchemaId = Buffer.from([0, 0x7f, 0xff, 0xff, 0xff, 1, 2, 3]);
  await s.producer.sendRaw('k1', garbage, { 'correlation-id': 'bad-1' });
  await s.producer.sendRaw('k2', garbage);
  await s.producer.sendRaw('k3', wrongSchemaId);
  const card = newCardNumber();
  await s.send(register('after-bad', card));

  expect(await s.reply('bad-1')).toMatchObject({ status: 400, messageCode: 'MalformedRequest', operation: 'Unknown' });
  expect(await s.reply('after-bad')).toMatchObject({ status: 200, messageCode: 'Success' });

  const dlq = await Collector.open<Buffer>(s.topics.dlq, { decode: false });
  try {
    const entries = await dlq.waitForCount(2);
    expect(entries.map((e) => e.key).sort()).toEqual(['k2', 'k3']);
    const k2 = entries.find((e) => e.key === 'k2')!;
    expect(k2.value.equals(garbage)).toBe(true);
    expect(k2.headers).toMatchObject({ 'dlq-origin-topic': s.topics.requests, 'dlq-origin-partition': '0' });
    expect(k2.headers['dlq-origin-offset']).toMatch(/^\d+$/);
    expect(k2.headers['dlq-error']).toMatch(/wire format|decode/i);
  } finally {
    await dlq.close();
  }
});
