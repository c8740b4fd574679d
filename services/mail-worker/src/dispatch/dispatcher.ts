// The loop that turns due dispatches into mail, beside the Kafka consumer in the
// same process. It polls for dispatches whose due time has come, claims each under
// a lease and runs it; at most `concurrency` at once. While the SMTP server does not
// answer it claims nothing and probes instead. stop() stops claiming, lets the
// sends in flight finish and record (bounded), and gives the leases back.
import { isRefusal, isTransient } from '@workers/runtime';
import type { RunDeps } from './deps';
import { pause } from './pacing';
import { runDispatch } from './run';

export interface DispatcherOptions {
  pollMs: number;
  concurrency: number;
  drainMs: number;
}

export class Dispatcher {
  private readonly stopping = new AbortController();
  private readonly abandon = new AbortController();
  private readonly active = new Set<Promise<void>>();
  private wakeUp = new AbortController();
  private loop?: Promise<void>;
  private storeOk = true;

  constructor(
    private readonly deps: RunDeps,
    private readonly o: DispatcherOptions,
  ) {}

  start(): void {
    this.deps.logger.info('dispatcher.started', {
      owner: this.deps.owner,
      concurrency: this.o.concurrency,
      pollMs: this.o.pollMs,
    });
    this.loop = this.run();
  }

  /** Polls now instead of at the next tick (a dispatch was just scheduled, or a run ended). */
  wake(): void {
    this.wakeUp.abort();
  }

  /** The database answers the dispatcher and the SMTP server answers sends and probes. */
  ready(): boolean {
    return this.storeOk && this.deps.link.up;
  }

  private async run(): Promise<void> {
    const { logger, link } = this.deps;
    while (!this.stopping.signal.aborted) {
      let waitMs = this.o.pollMs;
      if (!link.up) {
        const p = await link.probe();
        if (!p.up) waitMs = p.retryInMs;
      }
      while (link.up && this.active.size < this.o.concurrency && !this.stopping.signal.aborted) {
        const d = await this.deps.dispatches
          .claimDue(this.deps.owner, this.deps.now(), this.deps.settings.leaseMs)
          .then(
            (x) => {
              if (!this.storeOk) logger.info('dispatcher.recovered', { owner: this.deps.owner });
              this.storeOk = true;
              return x;
            },
            (err: unknown) => {
              // Logged when it starts failing, not on every poll while it stays down; at
              // warn when it heals by itself (a database restarting), at error otherwise.
              if (this.storeOk)
                logger[isTransient(err) && !isRefusal(err) ? 'warn' : 'error']('dispatcher.failed', {
                  step: 'claim',
                  error: err instanceof Error ? err.message : String(err),
                });
              this.storeOk = false;
              return null;
            },
          );
        if (!d) break;
        const p: Promise<void> = runDispatch(this.deps, d, this.stopping.signal, this.abandon.signal)
          .catch((err: unknown) => {
            logger.error('dispatcher.failed', {
              step: 'run',
              contactId: d.contactId,
              error: err instanceof Error ? err.message : String(err),
            });
          })
          .finally(() => {
            this.active.delete(p);
            this.wake();
          });
        this.active.add(p);
      }
      if (this.wakeUp.signal.aborted) this.wakeUp = new AbortController();
      else await pause(waitMs, AbortSignal.any([this.wakeUp.signal, this.stopping.signal]));
      if (this.wakeUp.signal.aborted) this.wakeUp = new AbortController();
    }
  }

  /** Stops claiming; waits up to the drain bound for runs in flight, then abandons them. */
  async stop(): Promise<void> {
    const { logger } = this.deps;
    logger.info('dispatcher.stopping', { active: this.active.size });
    this.stopping.abort();
    const bound = new AbortController();
    // The loop itself may be inside an SMTP probe (bounded by SMTP_TIMEOUT_MS only), so it is under the bound too.
    const drained = await Promise.race([
      (this.loop ?? Promise.resolve()).then(() => Promise.all([...this.active])).then(() => true),
      pause(this.o.drainMs, bound.signal).then(() => false),
    ]);
    bound.abort();
    if (!drained) {
      this.abandon.abort();
      await pause(100);
    }
    logger.info('dispatcher.stopped', { drained, abandoned: drained ? 0 : this.active.size });
  }
}
