import { Kafka, logLevel } from 'kafkajs';
const prefix = process.argv[2]!;
const kafka = new Kafka({ clientId: 'dbg', brokers: process.env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
type Row = { id: string; p: number; o: string; ts: string };
async function readAll(topic: string, uncommitted: boolean): Promise<Row[]> {
  const out: Row[] = [];
  const c = kafka.consumer({ groupId: `dbg-${Date.now()}-${Math.random()}`, readUncommitted: uncommitted });
  await c.connect(); await c.subscribe({ topic, fromBeginning: true });
  const seen = new Set<string>();
  await c.run({ eachMessage: async ({ partition, message }) => {
    const at = `${partition}:${message.offset}`; if (seen.has(at)) return; seen.add(at);
    const h = (k: string) => message.headers?.[k]?.toString();
    out.push({ id: h('fuzz-id') ?? h('correlation-id') ?? '', p: partition, o: message.offset, ts: message.timestamp });
  }});
  await new Promise((r) => setTimeout(r, 7000));
  await c.disconnect();
  return out;
}
void (async () => {
  const [t, unc] = [process.argv[3]!, process.argv[4] === 'u'];
  const rows = await readAll(`${prefix}.${t}`, unc);
  const by = new Map<string, Row[]>(); for (const r of rows) by.set(r.id, [...(by.get(r.id) ?? []), r]);
  console.log(t, 'total', rows.length, 'ids', by.size);
  for (const [id, rs] of by) if (rs.length > 1) console.log(id, rs.map((r) => `${r.p}:${r.o}@${r.ts}`).join(' '));
})();
