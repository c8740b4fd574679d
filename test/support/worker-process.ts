// Runs a worker as a real child process (sources or compiled: service-entry.ts), so tests can
// SIGTERM or SIGKILL it and read its log lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { repoRoot } from '@workers/devstack';
import { serviceEntry } from './service-entry';

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
   * Starts the worker with the stack env plus `env`: its sources or, with `compiled`
   * (default: as service-entry.ts says), the built dist/main.js as production runs it.
   */
  static start(service: string, env: Record<string, string>, o: { compiled?: boolean } = {}): WorkerProcess {
    const child = spawn(process.execPath, serviceEntry(service, 'main', o.compiled), {
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
