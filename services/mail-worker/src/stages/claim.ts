// Stage 1, claim: the loop that takes due dispatches, beside the Kafka consumer in the
// same process. It polls for dispatches whose due time has come, claims each under a
// lease and hands it to the rest of the pipeline (`work`: pipeline.ts runDispatch); at
// most `concurrency` at once. While the SMTP server does not answer it claims nothing
// and probes instead. stop() stops claiming, lets the sends in flight finish and record
// (bounded), and gives the leases back.
//
// A lease is kept while its dispatch is worked on (keepLease): renewed every third of
// its length. A renewal that finds the lease taken (another process claimed it after it
// expired) marks it lost; so does a lease that ran out while renewals failed. A run
// checks `lost` before each new send, so at most the sends in flight overlap. A renewal
// still under way when the run ends (and gave the lease back) counts for nothing:
// finding the lease released is not finding it taken.
import { isRefusal, isTransient } from '@workers/runtime';
import type { Dispatch } from '../domain/types';
import type { MailLogger } from '../names';
import { pause } from '../pacing';
import type { RunDeps } from '../pipeline';
import type { DispatchStore } from '../store/dispatches';

export interface DispatcherOptions {
  pollMs: number;
  concurrency: number;
  drainMs: number;
}

/** Works one claimed dispatch as far as it can go now; `stopping`: take no new sends; `abandon`: give up even the writes of sends in flight. */
export type DispatchWork = (deps: RunDeps, d: Dispatch, stopping: AbortSignal, abandon: AbortSignal) => Promise<void>;

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
    private readonly work: DispatchWork,
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
        const p: Promise<void> = this.work(this.deps, d, this.stopping.signal, this.abandon.signal)
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

export interface LeaseKeeper {
  readonly lost: boolean;
  stop(): void;
}

export function keepLease(
  store: DispatchStore,
  contactId: string,
  owner: string,
  leaseMs: number,
  now: () => number,
  logger: MailLogger,
): LeaseKeeper {
  let until = now() + leaseMs;
  let lost = false;
  let busy = false;
  let stopped = false;
  const timer = setInterval(
    () => {
      if (busy || lost || stopped) return;
      busy = true;
      const next = now() + leaseMs;
      store
        .renew(contactId, owner, next)
        .then((held) => {
          if (stopped) return;
          if (held) until = next;
          else lose('taken');
        })
        .catch(() => {
          if (!stopped && now() >= until) lose('expired while the database did not answer');
        })
        .finally(() => (busy = false));
    },
    Math.max(100, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  const lose = (why: string): void => {
    lost = true;
    logger.warn('dispatcher.lease_lost', { contactId, reason: why });
  };
  return {
    get lost() {
      return lost || now() >= until;
    },
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}
