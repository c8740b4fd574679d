// `npm run bench -- [--requests 3000] [--partitions 6]`: throughput, latency and
// memory of the card worker against the real stack (the running `npm run stack -- up`
// one, else a fresh one it starts and stops). It produces RegisterCard requests in
// batches, waits for every reply on a read_committed consumer, and samples the
// worker's resident memory. Results go to stdout as a Markdown row for
// docs/benchmarks.md, where the targets are written down. Never a timed test: a
// benchmark measures, it does not assert against a clock that CI could miss.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { launch, runningStack } from '@workers/devstack';
import { defaultStateDir, statePaths } from '@workers/devstack';
import { readEnvFile } from '@workers/devstack';
import { CardScenario, newCardNumber, register, request } from '../test/support/card-fixture';
import { kafkaClient, registry } from '../test/support/kafka-client';

interface Options { requests: string; partitions: string; batch: string; rate?: string }

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function bench(o: Options): Promise<void> {
  const n = Number(o.requests);
  const s = await CardScenario.open('bench', Number(o.partitions));
  const w = await s.startWorker();
  const pid = w.child.pid!;
  const idleRss = rssMb(pid);
  let peakRss = idleRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(pid))), 200);

  const reg = registry();
  const schemaId = await reg.getLatestSchemaId(`${s.topics.requests}-value`);
  const producer = kafkaClient().producer();
  await producer.connect();
  const sentAt = new Map<string, number>();
  const started = Date.now();
  // Replies are timed as they arrive, while requests are still being produced.
  const latencies: number[] = [];
  const seen = new Set<string>();
  let scanned = 0;
  const watcher = setInterval(() => {
    for (; scanned < s.replies.received.length; scanned++) {
      const id = s.replies.received[scanned]!.value.requestId;
      if (seen.has(id)) continue;
      seen.add(id);
      latencies.push(Date.now() - (sentAt.get(id) ?? started));
    }
  }, 10);
  // Burst (no --rate): everything at once, for throughput. Paced (--rate): a tenth of
  // the rate every 100 ms, for the latency of a load the worker keeps up with.
  const step = o.rate ? Math.max(1, Math.round(Number(o.rate) / 10)) : Number(o.batch);
  for (let i = 0; i < n; i += step) {
    if (o.rate) await new Promise((r) => setTimeout(r, Math.max(0, started + (i / Number(o.rate)) * 1000 - Date.now())));
    const reqs = Array.from({ length: Math.min(step, n - i) }, (_, j) => register(`bench-${i + j}`, `${newCardNumber()}${i + j}`));
    const messages = await Promise.all(reqs.map(async (r) => ({ key: r.op.cardNumber, value: await reg.encode(schemaId, request(r)), headers: { 'correlation-id': r.requestId } })));
    const now = Date.now();
    for (const r of reqs) sentAt.set(r.requestId, now);
    await producer.send({ topic: s.topics.requests, messages });
  }
  const produced = Date.now();
  while (seen.size < n) {
    if (Date.now() - produced > 300_000) throw new Error(`only ${seen.size} of ${n} replies after 5 min`);
    await new Promise((r) => setTimeout(r, 20));
  }
  clearInterval(watcher);
  const elapsed = (Date.now() - started) / 1000;
  clearInterval(sampler);
  latencies.sort((a, b) => a - b);
  const codes = new Set(s.replies.received.map((r) => r.value.messageCode));
  const port = Number((await w.waitForLog('worker.started')).metricsPort);
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const mean = (metric: string): number => {
    const sum = (re: RegExp): number => [...text.matchAll(re)].reduce((a, m) => a + Number(m[1]), 0);
    const total = sum(new RegExp(`^${metric}_sum\\{[^}]*\\} (\\S+)$`, 'gm'));
    const count = sum(new RegExp(`^${metric}_count\\{[^}]*\\} (\\S+)$`, 'gm'));
    return count ? total / count : 0;
  };
  await producer.disconnect();
  await s.close();

  const row = {
    date: new Date().toISOString().slice(0, 10), requests: n, partitions: Number(o.partitions), load: o.rate ? `${o.rate}/s` : 'burst',
    throughput: Math.round(n / elapsed), p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99),
    idleRssMb: Math.round(idleRss), peakRssMb: Math.round(peakRss), codes: [...codes].join(','),
    handleMs: Math.round(mean('worker_request_duration_seconds') * 1000), commitMs: Math.round(mean('worker_commit_duration_seconds') * 1000),
    perCommit: Math.round(mean('worker_batch_size')),
  };
  process.stdout.write(`${JSON.stringify(row)}\n`);
  process.stdout.write(`| ${row.date} | ${n} | ${row.partitions} | ${row.load} | ${row.throughput} req/s | ${row.p50} / ${row.p95} / ${row.p99} ms | ${row.idleRssMb} → ${row.peakRssMb} MB | ${row.handleMs} ms | ${row.commitMs} ms × ${row.perCommit} |\n`);
}

const program = new Command('bench').description('card worker throughput, latency and memory against the real stack')
  .option('--requests <n>', 'RegisterCard requests to send', '3000')
  .option('--partitions <n>', 'partitions of the request topic', '6')
  .option('--batch <n>', 'requests per produce call (burst mode)', '200')
  .option('--rate <n>', 'send at this many requests per second instead of all at once (latency mode)')
  .action(async (o: Options) => {
    const shared = runningStack(defaultStateDir);
    let stop: (() => void) | undefined;
    if (shared) {
      Object.assign(process.env, shared.env);
    } else {
      const launched = await launch(`${defaultStateDir}/bench`, 'attached');
      Object.assign(process.env, readEnvFile(statePaths(`${defaultStateDir}/bench`).envFile));
      stop = () => launched.child.kill('SIGTERM');
    }
    try {
      await bench(o);
    } finally {
      stop?.();
    }
  });

program.parseAsync().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
