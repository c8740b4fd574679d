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
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const jest = join(__dirname, '..', 'node_modules', 'jest', 'bin', 'jest.js');
const extra = process.argv.slice(2);
interface JestRun {
  name: string;
  args: string[];
  env?: Record<string, string>;
}
/** Each run's results as jest's --json writes them, read back to name what failed at the very end. */
const resultsDir = join(__dirname, '..', '.stack', 'test-results');

const phases: { name: string; runs: JestRun[] }[] = [
  { name: 'unit tests', runs: [{ name: 'unit', args: ['--selectProjects', 'unit', '--maxWorkers=2'] }] },
  {
    name: 'integration scenarios beside the serial ones',
    runs: [
      { name: 'integration', args: ['--selectProjects', 'integration', '--maxWorkers=2'] },
      // Never the developer's shared `npm run stack -- up` one: these stop its servers.
      {
        name: 'serial',
        args: ['--selectProjects', 'serial', '--runInBand'],
        env: { TEST_STACK: 'test-serial', STACK_FRESH: '1', STACK_BROKERS: '3', STACK_PROXY: '1' },
      },
    ],
  },
];

function resultsOf(name: string): string {
  return join(resultsDir, `${name}.json`);
}

function run({ name, args, env }: JestRun): Promise<number> {
  rmSync(resultsOf(name), { force: true });
  const json = ['--json', `--outputFile=${resultsOf(name)}`];
  const child = spawn(process.execPath, [jest, ...args, ...json, ...extra], {
    stdio: 'inherit',
    env: { ...process.env, TEST_COMPILED: '1', ...env },
  });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

interface JestResults {
  testResults?: { name: string; status: string; message?: string }[];
}

/** The files that failed in a run and the first lines of why, or why the run has no results. */
function failuresOf(name: string): string[] {
  let results: JestResults;
  try {
    results = JSON.parse(readFileSync(resultsOf(name), 'utf8')) as JestResults;
  } catch {
    return [`${name}: no results written (jest itself failed: see above)`];
  }
  const failed = (results.testResults ?? []).filter((r) => r.status !== 'passed');
  if (failed.length === 0) return [`${name}: every file passed (a non-zero exit all the same: see above)`];
  return failed.map(
    (r) =>
      `${name}: FAILED ${r.name.replace(`${join(__dirname, '..')}/`, '')}\n    ${stripVTControlCharacters(
        r.message ?? '',
      )
        .split('\n')
        .filter((l) => l.trim())
        .slice(0, 8)
        .join('\n    ')}`,
  );
}

async function main(): Promise<number> {
  mkdirSync(resultsDir, { recursive: true });
  const started = Date.now();
  const failedRuns: string[] = [];
  let failed = 0;
  for (const phase of phases) {
    const t0 = Date.now();
    const codes = await Promise.all(phase.runs.map(run));
    failed += codes.filter((c) => c !== 0).length;
    for (const [i, r] of phase.runs.entries()) if (codes[i] !== 0) failedRuns.push(r.name);
    process.stderr.write(`test: ${phase.name}: ${Math.round((Date.now() - t0) / 1000)} s\n`);
  }
  // Last, so that a log cut to its tail (a CI summary) still says what failed.
  for (const line of failedRuns.flatMap(failuresOf)) process.stderr.write(`test: ${line}\n`);
  process.stderr.write(
    `test: ${failed === 0 ? 'all passed' : `${failed} jest run(s) failed`} in ${Math.round((Date.now() - started) / 1000)} s\n`,
  );
  return failed === 0 ? 0 : 1;
}

void main().then((code) => process.exit(code));
