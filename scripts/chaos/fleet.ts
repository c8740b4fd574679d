// The run's worker processes, compiled and started as production starts them: a
// fixed set of members per worker (card, contact, mail), each replaced by a fresh
// process when killed, and joiners that come and go. Every SIGTERM is timed and
// its exit kept, so the run can check each one exited 0 within its bound.
import { join } from 'node:path';
import { startCompiled, type BenchWorker, type Exit } from '../bench/workers';

export const SERVICES = ['card-worker', 'contact-worker', 'mail-worker'] as const;
export type Service = (typeof SERVICES)[number];

export interface Term extends Exit {
  name: string;
  ms: number;
}

export class Fleet {
  /** Member name (e.g. card-worker-0) → its current process. */
  readonly members = new Map<string, BenchWorker>();
  readonly terms: Term[] = [];
  readonly starts: string[] = [];
  /** Processes that exited without being told to (restarted, as an orchestrator would). */
  readonly unexpected: (Exit & { name: string })[] = [];
  private readonly stopping = new Set<BenchWorker>();
  private readonly live = new Set<BenchWorker>();
  private closing = false;
  private incarnation = 0;

  constructor(
    private readonly envOf: (s: Service) => Record<string, string>,
    private readonly logDir: string,
    private readonly logLevel = 'info',
  ) {}

  /** Starts one process of `service` and waits until it is ready. */
  async start(service: Service, member: string): Promise<BenchWorker> {
    const instance = `${member}-${++this.incarnation}`;
    const w = await startCompiled(service, this.envOf(service), instance, {
      logFile: join(this.logDir, `${instance}.log`),
      logLevel: this.logLevel,
      readyTimeoutMs: 120_000,
    });
    this.starts.push(instance);
    this.live.add(w);
    void w.exited.then(() => this.live.delete(w));
    return w;
  }

  async startMembers(perService: number, services: readonly Service[] = SERVICES): Promise<void> {
    await Promise.all(
      services.flatMap((s) => Array.from({ length: perService }, (_, i) => this.startMember(`${s}-${i}`))),
    );
  }

  private async startMember(member: string): Promise<void> {
    const w = await this.start(serviceOf(member), member);
    this.members.set(member, w);
    void w.exited.then(async (exit) => {
      if (this.stopping.has(w) || this.closing) return;
      this.unexpected.push({ name: member, ...exit });
      await this.startMember(member);
    });
  }

  /** SIGKILLs a member and starts its replacement; resolves once the replacement is ready. */
  async kill(member: string): Promise<void> {
    const w = this.members.get(member);
    if (!w) throw new Error(`no member ${member}`);
    this.stopping.add(w);
    w.child.kill('SIGKILL');
    await w.exited;
    await this.startMember(member);
  }

  /** SIGTERM and the time until the process exited. */
  async term(name: string, w: BenchWorker): Promise<Term> {
    const started = Date.now();
    this.stopping.add(w);
    if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
    const exit = await w.exited;
    const t = { name, ...exit, ms: Date.now() - started };
    this.terms.push(t);
    return t;
  }

  async stopMembers(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.members].map(([name, w]) => this.term(name, w)));
  }

  /** The run failed: every process ends now, none is left behind. */
  async abort(): Promise<void> {
    this.closing = true;
    for (const w of this.live) w.child.kill('SIGKILL');
    await Promise.all([...this.live].map((w) => w.exited));
  }
}

export function serviceOf(member: string): Service {
  const s = SERVICES.find((x) => member.startsWith(x));
  if (!s) throw new Error(`unknown member ${member}`);
  return s;
}
