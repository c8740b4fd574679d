// `npm run fuzz`: hostile messages, then valid requests, through the compiled card
// and contact workers (run.ts); prints every figure, appends them to
// docs/reliability.md (unless --no-write) and exits 1 when any figure missed.
import '@workers/runtime/produce-fix';
import { Command } from 'commander';
import { finish, runOptions } from '../chaos/report';
import { fuzzRun } from './run';

const t0 = Date.now();
const say = (line: string): void =>
  void process.stdout.write(`fuzz: [${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);

const program = runOptions(
  new Command('fuzz')
    .description(
      'hostile messages across the request topics, then valid requests, on the local stack (the running one, else one it starts)',
    )
    .option('--hostile <n>', 'hostile messages', '10000')
    .option('--valid <n>', 'valid requests sent after them', '600'),
  '2',
).action(async (a: Record<string, string | boolean>) => {
  const o = {
    hostile: Number(a.hostile),
    valid: Number(a.valid),
    seed: Number(a.seed),
    processes: Number(a.processes),
  };
  const r = await fuzzRun(o, say);
  finish(
    {
      title: 'Fuzz run',
      date: r.date,
      machine: r.machine,
      figures: r.figures,
      options: `${o.hostile} hostile messages then ${o.valid} valid requests, seed ${o.seed}, ${o.processes} process(es) per worker, settled in ${r.seconds.toFixed(0)} s`,
    },
    { write: a.write !== false, json: a.json === true, resultTag: 'FUZZ_RESULT', say },
  );
});

program.parseAsync().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    process.stderr.write(`fuzz: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
