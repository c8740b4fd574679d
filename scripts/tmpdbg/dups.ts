import { Kafka, logLevel } from 'kafkajs';
const prefix = process.argv[2]!;
const kafka = new Kafka({ clientId: 'dbg', brokers: process.env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
async function readAll(topic: string): Promise<{ cid: string; p: number; o: string; ts: string; key: string }[]> {
  const admin = kafka.admin(); await admin.connect();
  const offs = await admin.fetchTopicOffsets(topic); await admin.disconnect();
  const total = offs.reduce((s, x) => s + Number(x.high) - Number(x.low), 0);
  const out: { cid: string; p: number; o: string; ts: string; key: string }[] = [];
  const c = kafka.consumer({ groupId: `dbg-${Date.now()}-${Math.random()}`, readUncommitted: false });
  await c.connect(); await c.subscribe({ topic, fromBeginning: true });
  const seen = new Set<string>();
  let lastGrow = Date.now();
  await c.run({ eachMessage: async ({ partition, message }) => {
    const at = `${partition}:${message.offset}`; if (seen.has(at)) return; seen.add(at); lastGrow = Date.now();
    out.push({ cid: message.headers?.['correlation-id']?.toString() ?? '', p: partition, o: message.offset, ts: message.timestamp, key: message.key?.toString() ?? '' });
  }});
  while (Date.now() - lastGrow < 8000 && out.length < total) await new Promise((r) => setTimeout(r, 500));
  await new Promise((r) => setTimeout(r, 3000));
  await c.disconnect();
  return out;
}
void (async () => {
  for (const [req, rep] of [['crm.contact.requests', 'crm.contact.replies'], ['crm.account.requests', 'crm.account.replies']]) {
    const reqs = await readAll(`${prefix}.${req}`);
    const reps = await readAll(`${prefix}.${rep}`);
    const written = new Map<string, typeof reqs>(); for (const r of reqs) written.set(r.cid, [...(written.get(r.cid) ?? []), r]);
    const got = new Map<string, typeof reps>(); for (const r of reps) got.set(r.cid, [...(got.get(r.cid) ?? []), r]);
    let extra = 0;
    for (const [cid, rs] of got) {
      const w = written.get(cid)?.length ?? 0;
      if (rs.length > w) { extra += rs.length - w; console.log(req, cid, 'written', JSON.stringify(written.get(cid)?.map((x) => `${x.p}:${x.o}`)), 'replies', JSON.stringify(rs.map((x) => `${x.p}:${x.o}@${x.ts}`))); }
    }
    console.log(req, 'requests', reqs.length, 'replies', reps.length, 'extra', extra);
  }
})();
