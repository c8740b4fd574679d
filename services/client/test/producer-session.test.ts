// An idempotent producer whose session the broker no longer accepts (OUT_OF_ORDER_SEQUENCE_NUMBER
// after a broker was killed, UNKNOWN_PRODUCER_ID, INVALID_PRODUCER_EPOCH) fails every later send
// the same way if kept; the client fails that send (the caller may send again: same requestId)
// and sends the next ones through a new producer. Other failures keep the producer.
import { type Kafka, KafkaJSNonRetriableError, KafkaJSProtocolError } from 'kafkajs';
import { KafkaClientTransport, lostSession } from '../src/kafka-transport';

function protocolError(type: string): KafkaJSProtocolError {
  const e = new KafkaJSProtocolError(type);
  (e as unknown as { type: string }).type = type;
  return e;
}

function fakeKafka(failures: unknown[]) {
  let made = 0;
  const kafka = {
    producer: () => {
      const id = ++made;
      return {
        connect: async () => undefined,
        disconnect: async () => undefined,
        sendBatch: async () => {
          const f = failures.shift();
          if (f) throw f;
          return [{ topicName: 't', partition: 0, baseOffset: String(id * 100) }];
        },
      };
    },
  } as unknown as Kafka;
  return { kafka, made: () => made };
}

const msg = { topic: 't', key: 'k', value: Buffer.from('v'), headers: {} };

test('after a lost session the next send goes through a new producer', async () => {
  const lost = protocolError('OUT_OF_ORDER_SEQUENCE_NUMBER');
  // As kafkajs's retrier hands it over: wrapped, the protocol error as its cause.
  const wrapped = Object.assign(new KafkaJSNonRetriableError(lost), { cause: lost });
  const { kafka, made } = fakeKafka([wrapped]);
  const t = new KafkaClientTransport(kafka, 'g');
  await expect(t.send(msg)).rejects.toBe(wrapped);
  await expect(t.send(msg)).resolves.toBeDefined();
  expect(made()).toBe(2);
});

test('other failures keep the producer', async () => {
  const { kafka, made } = fakeKafka([new Error('Closed connection')]);
  const t = new KafkaClientTransport(kafka, 'g');
  await expect(t.send(msg)).rejects.toThrow('Closed connection');
  await expect(t.send(msg)).resolves.toBeDefined();
  expect(made()).toBe(1);
});

test('lostSession looks through the errors kafkajs wraps', () => {
  expect(lostSession({ originalError: { cause: { type: 'UNKNOWN_PRODUCER_ID' } } })).toBe(true);
  expect(lostSession(protocolError('INVALID_PRODUCER_EPOCH'))).toBe(true);
  expect(lostSession(protocolError('NOT_LEADER_FOR_PARTITION'))).toBe(false);
  expect(lostSession(null)).toBe(false);
});
