// `npm run stack -- up|down|status`: the local stack for operators and for clients
// nobody here wrote. `up` returns once every server answers and leaves the endpoints
// in .stack/env as KEY=value lines. `up --brokers 3 --proxy` is production's shape: three
// Kafka nodes, and Toxiproxy in front of every server for network faults.
import { Command } from 'commander';
import { launch, runningStack, shutdown, type ComponentStatus } from '@workers/devstack';
import { killStalePids, isAlive } from '@workers/devstack';
import { defaultStateDir, statePaths } from '@workers/devstack';

const stateDir = process.env.STACK_STATE_DIR ?? defaultStateDir;
const envFile = statePaths(stateDir).envFile;

const print = (env: Record<string, string>): void => {
  for (const [k, v] of Object.entries(env)) process.stdout.write(`${k}=${v}\n`);
};

const program = new Command('stack').description('Local Kafka, MongoDB wire server, schema registry and SMTP sink');

program
  .command('up')
  .description('start the stack in the background; returns when every server is ready')
  .option('--brokers <n>', 'Kafka nodes: 1 or 3 (replication 3, min ISR 2); default STACK_BROKERS or 1')
  .option('--proxy', 'Toxiproxy in front of every server (TOXIPROXY_URL); default STACK_PROXY=1')
  .action(async (o: { brokers?: string; proxy?: boolean }) => {
    const running = runningStack(stateDir);
    if (running) {
      process.stderr.write(`stack already running (pid ${running.pid}); endpoints in ${envFile}\n`);
      print(running.env);
      return;
    }
    process.stderr.write('starting the stack (the first start downloads Kafka and builds FerretDB: a few minutes)…\n');
    const started = Date.now();
    const { env } = await launch(stateDir, 'detached', {
      brokers: o.brokers === undefined ? undefined : Number(o.brokers),
      proxy: o.proxy,
    });
    process.stderr.write(
      `stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s; endpoints written to ${envFile}\n`,
    );
    print(env);
  });

program
  .command('down')
  .description('stop the stack and every server it started')
  .action(async () => {
    const stopped = await shutdown(stateDir);
    killStalePids(statePaths(stateDir).pids);
    process.stderr.write(stopped ? 'stack stopped\n' : 'no stack was running\n');
  });

program
  .command('status')
  .description('say whether the stack runs and what each server is')
  .action(async () => {
    const running = runningStack(stateDir);
    if (!running) {
      process.stdout.write('stack: not running\n');
      process.exitCode = 3;
      return;
    }
    process.stdout.write(`stack: running (supervisor pid ${running.pid}, alive=${isAlive(running.pid)})\n`);
    const res = await fetch(`${running.env.STACK_CONTROL_URL}/status`).catch(() => undefined);
    const list = res?.ok ? ((await res.json()) as ComponentStatus[]) : [];
    for (const c of list) {
      const pid = c.pid === undefined ? '' : `  pid ${c.pid}`;
      process.stdout.write(`  ${c.name}: ${c.running ? 'up' : 'DOWN'}  ${c.version}${pid}\n`);
    }
    process.stdout.write(`endpoints (${envFile}):\n`);
    print(running.env);
  });

program.parseAsync().catch((err: unknown) => {
  process.stderr.write(`stack: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
