// `npm test` after type-check and lint: the jest runs, planned for a 2-core machine.
// Phase 1 runs the unit tests (no servers). Phase 2 runs two jest runs at once, each on a
// stack of its own: the integration scenarios two files at a time (most of their time is
// waiting: group joins, session timeouts, restarts), and beside them the `serial` ones,
// one at a time, which stop a server of their stack or watch its whole cluster and so
// cannot share a stack with other scenarios; their stack has production's shape (three
// brokers, Toxiproxy in front of every server), so broker restarts and network faults are
// tested where they happen. The services run compiled (TEST_COMPILED=1:
// `tsc -b` just built them). Extra arguments go to every jest run (e.g. `npm test -- --ci`).
// Exits non-zero when any run failed; every phase runs, so one failure does not hide another.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const jest = join(__dirname, '..', 'node_modules', 'jest', 'bin', 'jest.js');
const extra = process.argv.slice(2);
interface JestRun {
  args: string[];
  env?: Record<string, string>;
}

const phases: { name: string; runs: JestRun[] }[] = [
  { name: 'unit tests', runs: [{ args: ['--selectProjects', 'unit', '--maxWorkers=2'] }] },
  {
    name: 'integration scenarios beside the serial ones',
    runs: [
      { args: ['--selectProjects', 'integration', '--maxWorkers=2'] },
      // Never the developer's shared `npm run stack -- up` one: these stop its servers.
      {
        args: ['--selectProjects', 'serial', '--runInBand'],
        env: { TEST_STACK: 'test-serial', STACK_FRESH: '1', STACK_BROKERS: '3', STACK_PROXY: '1' },
      },
    ],
  },
];

function run({ args, env }: JestRun): Promise<number> {
  const child = spawn(process.execPath, [jest, ...args, ...extra], {
    stdio: 'inherit',
    env: { ...process.env, TEST_COMPILED: '1', ...env },
  });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

async function main(): Promise<number> {
  const started = Date.now();
  let failed = 0;
  for (const phase of phases) {
    const t0 = Date.now();
    const codes = await Promise.all(phase.runs.map(run));
    failed += codes.filter((c) => c !== 0).length;
    process.stderr.write(`test: ${phase.name}: ${Math.round((Date.now() - t0) / 1000)} s\n`);
  }
  process.stderr.write(
    `test: ${failed === 0 ? 'all passed' : `${failed} jest run(s) failed`} in ${Math.round((Date.now() - started) / 1000)} s\n`,
  );
  return failed === 0 ? 0 : 1;
}

void main().then((code) => process.exit(code));
