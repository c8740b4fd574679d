// `npm run chaos`: the chaos run (run.ts) and, with `scale-out`, the scale-out
// measurement (scale-out.ts); each prints its figures, appends them to
// docs/reliability.md (unless --no-write) and exits 1 when any figure missed.
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
    .option('--kills <n>', 'SIGKILLs of a worker process (after 20 % answered)', '3')
    .option('--cycles <n>', 'join/leave cycles of an extra process (two rebalances each)', '10')
    .option('--outage-ms <n>', 'how long the database and SMTP are stopped (0: not)', '10000')
    .option('--rate <n>', 'most requests sent per second', '100')
    .option('--window <n>', 'most requests unanswered at once', '2000'),
  '2',
).action(async (a: Record<string, string | boolean>) => {
  const o: ChaosOptions = {
    requests: Number(a.requests),
    seed: Number(a.seed),
    processes: Number(a.processes),
    kills: Number(a.kills),
    cycles: Number(a.cycles),
    outageMs: Number(a.outageMs),
    rate: Number(a.rate),
    window: Number(a.window),
  };
  const r = await chaosRun(o, say);
  const notes = [
    '| fault | at (answered) | took |',
    '|---|---|---|',
    ...r.faults.map((f) => `| ${f.what} | ${Math.round(f.at * 100)} % | ${(f.ms / 1000).toFixed(1)} s |`),
  ];
  finish(
    {
      title: 'Chaos run',
      date: r.date,
      machine: r.machine,
      notes,
      figures: r.figures,
      options: `${o.requests} requests, seed ${o.seed}, ${o.processes} processes per worker, ${o.kills} SIGKILLs, ${o.cycles} join/leave cycles, outages ${o.outageMs / 1000} s, at most ${o.rate} req/s sent`,
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
