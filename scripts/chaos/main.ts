// `npm run chaos`: the chaos run (run.ts) and, with `scale-out`, the scale-out
// measurement (scale-out.ts); each prints its figures, appends them to
// docs/reliability.md (unless --no-write) and exits 1 when any figure missed.
import '@workers/runtime/produce-fix';
import { Command } from 'commander';
import { finish, runOptions } from './report';
import { chaosRun, type ChaosOptions } from './run';
import { scaleOut } from './scale-out';

const t0 = Date.now();
const say = (line: string): void =>
  void process.stdout.write(`chaos: [${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);

const program = new Command('chaos').description(
  'reliability runs on the local stack (the running one, else one it starts)',
);

runOptions(
  program
    .command('run', { isDefault: true })
    .description(
      'requests through several processes per worker while processes are killed, groups rebalanced, the database and SMTP stopped',
    )
    .option('--requests <n>', 'requests (messages) in the mix', '20000')
    .option(
      '--kills <n>',
      'SIGKILLs of a worker process (after 20 % answered; default 3, 1 on a production-shaped stack)',
    )
    .option(
      '--cycles <n>',
      'join/leave cycles of an extra process (two rebalances each; default 10, 4 on a production-shaped stack)',
    )
    .option(
      '--outage-ms <n>',
      'how long the database and SMTP are stopped (0: not; default 10000, 0 on a production-shaped stack, whose network faults take their place)',
    )
    .option(
      '--rate <n>',
      'most requests sent per second (default 100; 50 on a production-shaped stack, so the traffic lasts as long as its faults)',
    )
    .option('--window <n>', 'most requests unanswered at once', '2000')
    .option(
      '--brokers <n>',
      'Kafka nodes (3: a production-shaped cluster, and a rolling restart, SIGKILL of the leader of most partitions and of the controller)',
      '1',
    )
    .option(
      '--proxy',
      'Toxiproxy in front of every server, and its faults: database latency and black hole, registry black hole, SMTP resets',
    ),
  '2',
).action(async (a: Record<string, string | boolean>) => {
  const production = Number(a.brokers) > 1 || a.proxy === true;
  const given = (k: string, usual: number, there: number): number =>
    a[k] !== undefined ? Number(a[k]) : production ? there : usual;
  const o: ChaosOptions = {
    requests: Number(a.requests),
    seed: Number(a.seed),
    processes: Number(a.processes),
    kills: given('kills', 3, 1),
    cycles: given('cycles', 10, 4),
    outageMs: given('outageMs', 10_000, 0),
    rate: given('rate', 100, 50),
    window: Number(a.window),
    brokers: Number(a.brokers),
    proxy: a.proxy === true,
  };
  const r = await chaosRun(o, say);
  const notes = r.faultTable;
  finish(
    {
      title: production
        ? `Chaos run, production-shaped (${o.brokers} brokers${o.proxy ? ', Toxiproxy' : ''})`
        : 'Chaos run',
      date: r.date,
      machine: r.machine,
      notes,
      figures: r.figures,
      options: `${o.requests} requests, seed ${o.seed}, ${o.processes} processes per worker, ${o.brokers} broker${o.brokers > 1 ? 's' : ''}${o.proxy ? ', Toxiproxy' : ''}, ${o.kills} SIGKILLs, ${o.cycles} join/leave cycles, outages ${o.outageMs / 1000} s, at most ${o.rate} req/s sent`,
    },
    { write: a.write !== false, json: a.json === true, resultTag: 'CHAOS_RESULT', say },
  );
});

program
  .command('scale-out')
  .description('one and two compiled card-worker processes answer the same bursts (cards registered then activated)')
  .option('--cards <n>', 'cards in the burst (two requests each)', '2000')
  .option('--rounds <n>', 'rounds, each with one and with two processes (alternating which goes first)', '3')
  .option('--bursts <n>', 'bursts per round and process count', '3')
  .option('--json', 'also print the result as one CHAOS_RESULT line')
  .option('--no-write', 'print only; do not append to docs/reliability.md')
  .action(async (a: Record<string, string | boolean>) => {
    const r = await scaleOut({ cards: Number(a.cards), rounds: Number(a.rounds), bursts: Number(a.bursts) }, say);
    finish(
      { title: 'Scale-out', date: r.date, machine: r.machine, notes: r.notes, figures: r.figures, options: r.options },
      { write: a.write !== false, json: a.json === true, resultTag: 'CHAOS_RESULT', say },
    );
  });

program.parseAsync().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    process.stderr.write(`chaos: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
