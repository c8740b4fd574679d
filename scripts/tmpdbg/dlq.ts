import { Kafka, logLevel } from 'kafkajs';
const topic = process.argv[2]!;
const kafka = new Kafka({ clientId: 'dbg', brokers: process.env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
void (async () => {
  const c = kafka.consumer({ groupId: `dbg-${Date.now()}`, readUncommitted: false });
  await c.connect(); await c.subscribe({ topic, fromBeginning: true });
  const rows: string[] = [];
  await c.run({ eachMessage: async ({ partition, message }) => {
    const h = (k: string) => message.headers?.[k]?.toString();
    rows.push(`${partition}:${message.offset} ts=${message.timestamp} origin=${h('dlq-origin-partition')}:${h('dlq-origin-offset')} cid=${h('correlation-id') ?? h('fuzz-id')}`);
  }});
  await new Promise((r) => setTimeout(r, 8000));
  await c.disconnect();
  rows.sort(); for (const r of rows) console.log(r);
})();
