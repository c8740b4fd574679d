// The stack supervisor: one process that starts every server, writes the env file,
// answers the control API (control.ts: stop/kill/start one server, for fault tests) and
// stops everything on SIGTERM, SIGINT, or — when started `--attached` by a test run — when
// its parent goes away (stdin closes), so a crashed or interrupted run leaves nothing.
// `--brokers 3` runs three Kafka nodes, `--proxy` Toxiproxy in front of every server
// (or STACK_BROKERS=3 / STACK_PROXY=1 in its environment: stack-options.ts).
//
// Prints `STACK_READY <env file>` once every server answers, or `STACK_FAILED <why>`.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { chooseComponents } from './components';
import { controlServer } from './control';
import { writeEnvFile } from './env-file';
import { freePort, killStalePids } from './proc';
import { statePaths } from './paths';
import { stackEnv, startStack } from './stack-start';
import { stackOptionsFromArgs, stackOptionsFromEnv } from './stack-options';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const paths = statePaths(arg('--state-dir') ?? '.stack');
  const options = process.argv.includes('--brokers') ? stackOptionsFromArgs(process.argv) : stackOptionsFromEnv();
  killStalePids(paths.pids);
  rmSync(paths.data, { recursive: true, force: true });
  rmSync(paths.envFile, { force: true });
  mkdirSync(paths.logs, { recursive: true });
  writeFileSync(paths.supervisorPid, String(process.pid));

  const stack = await chooseComponents(paths, options);
  const { components } = stack;
  let stopping: Promise<void> | undefined;
  const stopAll = (code: number): Promise<void> =>
    (stopping ??= (async () => {
      await Promise.allSettled([...components.map((c) => (c.close ? c.close() : c.stop())), stack.mongoFaults?.stop()]);
      rmSync(paths.envFile, { force: true });
      rmSync(paths.supervisorPid, { force: true });
      process.exit(code);
    })());
  process.on('SIGTERM', () => void stopAll(0));
  process.on('SIGINT', () => void stopAll(0));
  if (process.argv.includes('--attached')) {
    process.stdin.resume();
    process.stdin.on('end', () => void stopAll(0));
    process.stdin.on('error', () => void stopAll(0));
  }

  try {
    await startStack(stack);
  } catch (err) {
    process.stdout.write(`STACK_FAILED ${(err as Error).message}\n`);
    await stopAll(1);
    return;
  }

  const controlPort = await freePort();
  await new Promise<void>((resolve) => controlServer(components).listen(controlPort, '127.0.0.1', resolve));
  writeEnvFile(paths.envFile, stackEnv(stack, `http://127.0.0.1:${controlPort}`));
  process.stdout.write(`STACK_READY ${paths.envFile}\n`);
}

main().catch((err: unknown) => {
  process.stdout.write(`STACK_FAILED ${String(err)}\n`);
  process.exit(1);
});
