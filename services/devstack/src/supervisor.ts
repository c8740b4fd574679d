// The stack supervisor: one process that starts every server, writes the env file,
// answers a small control API (stop/start one server, for fault tests) and stops
// everything on SIGTERM, SIGINT, or — when started `--attached` by a test run — when
// its parent goes away (stdin closes), so a crashed or interrupted run leaves nothing.
//
// Prints `STACK_READY <env file>` once every server answers, or `STACK_FAILED <why>`.
import { createServer } from 'node:http';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Component } from './component';
import { chooseComponents } from './components';
import { writeEnvFile } from './env-file';
import { freePort, killStalePids } from './proc';
import { statePaths } from './paths';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const paths = statePaths(arg('--state-dir') ?? '.stack');
  killStalePids(paths.pids);
  rmSync(paths.data, { recursive: true, force: true });
  rmSync(paths.envFile, { force: true });
  mkdirSync(paths.logs, { recursive: true });
  writeFileSync(paths.supervisorPid, String(process.pid));

  const components: Component[] = await chooseComponents(paths);
  let stopping: Promise<void> | undefined;
  const stopAll = (code: number): Promise<void> =>
    (stopping ??= (async () => {
      await Promise.allSettled(
        components.map((c) =>
          'close' in c && typeof c.close === 'function' ? (c.close as () => Promise<void>)() : c.stop(),
        ),
      );
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
    await Promise.all(components.map((c) => c.start()));
  } catch (err) {
    process.stdout.write(`STACK_FAILED ${(err as Error).message}\n`);
    await stopAll(1);
    return;
  }

  const controlPort = await freePort();
  const byName = new Map(components.map((c) => [c.name, c]));
  // One stop/start at a time per server, and none that is already done: a second
  // `start` of a running server would spawn a twin that cannot bind its port while
  // the first one is orphaned (never stopped, never listed in a pid file).
  const queue = new Map<string, Promise<unknown>>();
  const control = (c: Component, action: 'stop' | 'start'): Promise<void> => {
    const run = (queue.get(c.name) ?? Promise.resolve())
      .catch(() => undefined)
      .then(async () => {
        if ((action === 'start') === c.running()) return;
        await (action === 'stop' ? c.stop() : c.start());
      });
    queue.set(c.name, run);
    return run;
  };
  createServer((req, res) => {
    const m = /^\/components\/([\w-]+)\/(stop|start)$/.exec(req.url ?? '');
    const target = m ? byName.get(m[1] ?? '') : undefined;
    if (req.method === 'POST' && m && target) {
      control(target, m[2] as 'stop' | 'start')
        .then(() => res.writeHead(204).end())
        .catch((err: Error) => res.writeHead(500).end(err.message));
    } else if (req.method === 'GET' && req.url === '/status') {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(
          JSON.stringify(
            components.map((c) => ({ name: c.name, running: c.running(), version: c.version, env: c.env })),
          ),
        );
    } else {
      res.writeHead(404).end();
    }
  }).listen(controlPort, '127.0.0.1');

  const env: Record<string, string> = Object.assign({}, ...components.map((c) => c.env));
  env.STACK_CONTROL_URL = `http://127.0.0.1:${controlPort}`;
  env.STACK_KAFKA_VERSION = components.find((c) => c.name === 'kafka')?.version ?? '';
  env.STACK_MONGODB_VERSION = components.find((c) => c.name === 'mongodb')?.version ?? '';
  writeEnvFile(paths.envFile, env);
  process.stdout.write(`STACK_READY ${paths.envFile}\n`);
}

main().catch((err: unknown) => {
  process.stdout.write(`STACK_FAILED ${String(err)}\n`);
  process.exit(1);
});
