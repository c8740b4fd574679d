// `npm test` after type-check and lint: the jest runs, planned for a 2-core machine.
// Phase 1 runs the unit tests (no servers) beside the `serial` scenarios, which stop a
// server of their stack or watch the whole cluster and so must not share a stack with
// other scenarios; phase 2 runs every other integration scenario two files at a time on
// one shared stack (most of their time is waiting: group joins, session timeouts,
// restarts). The services run compiled (TEST_COMPILED=1: `tsc -b` just built them).
// Extra arguments go to every jest run (e.g. `npm test -- --ci`). Exits non-zero when
// any run failed; every phase runs, so one failure does not hide another.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const jest = join(__dirname, '..', 'node_modules', 'jest', 'bin', 'jest.js');
const extra = process.argv.slice(2);
const phases: { name: string; runs: string[][] }[] = [
  {
    name: 'unit tests beside the serial scenarios',
    runs: [
      ['--selectProjects', 'unit', '--maxWorkers=1'],
      ['--selectProjects', 'serial', '--runInBand'],
    ],
  },
  { name: 'integration scenarios', runs: [['--selectProjects', 'integration', '--maxWorkers=2']] },
];

function run(args: string[]): Promise<number> {
  const child = spawn(process.execPath, [jest, ...args, ...extra], {
    stdio: 'inherit',
    env: { ...process.env, TEST_COMPILED: '1' },
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
