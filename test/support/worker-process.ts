// Runs a worker as a real child process (from its TypeScript sources), so tests can
// SIGTERM or SIGKILL it and read its log lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@workers/devstack';

export class WorkerProcess {
  readonly lines: string[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(readonly child: ChildProcess) {
    let buf = '';
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      const parts = buf.split('\n');
      buf = parts.pop() ?? '';
      this.lines.push(...parts.filter(Boolean));
    });
    child.stderr?.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /**
   * Starts services/<service>/src/main.ts with the stack env plus `env`; with
   * `compiled`, the built services/<service>/dist/main.js as production runs it
   * (`npm run build` first).
   */
  static start(service: string, env: Record<string, string>, o: { compiled?: boolean } = {}): WorkerProcess {
    const args = o.compiled
      ? [join(repoRoot, 'services', service, 'dist', 'main.js')]
      : ['--conditions=source', '--import', 'tsx', join(repoRoot, 'services', service, 'src', 'main.ts')];
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: { ...process.env, METRICS_PORT: '0', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new WorkerProcess(child);
  }

  /** Parsed JSON log lines. */
  logs(): Record<string, unknown>[] {
    return this.lines.flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }

  async waitForLog(event: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.logs().find((l) => l.event === event);
      if (hit) return hit;
      if (this.child.exitCode !== null)
        throw new Error(`worker exited ${this.child.exitCode} before ${event}: ${this.stderr.join('')}`);
      if (Date.now() > deadline)
        throw new Error(`no ${event} log within ${timeoutMs} ms; stderr: ${this.stderr.join('')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Sum of every sample of `name` (all label sets) on the worker's /metrics. */
  async metric(name: string): Promise<number> {
    const port = Number((await this.waitForLog('worker.started')).metricsPort);
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    return text
      .split('\n')
      .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
      .reduce((s, l) => s + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  }

  /** /readyz status (0 when it does not answer). */
  async readyz(): Promise<number> {
    const port = Number((await this.waitForLog('worker.started')).metricsPort);
    return fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.status,
      () => 0,
    );
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}
