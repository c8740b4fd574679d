// Keeps a dispatch's lease while it is worked on: renews it every third of its
// length. A renewal that finds the lease taken (another process claimed it after it
// expired) marks it lost; so does a lease that ran out while renewals failed. A
// run checks `lost` before each new send, so at most the sends in flight overlap.
// A renewal still under way when the run ends (and gave the lease back) counts for
// nothing: finding the lease released is not finding it taken.
import type { MailLogger } from '../names';
import type { DispatchStore } from '../store/dispatch-store';

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
