// Keeps a dispatch's lease while it is worked on: renews it every third of its
// length. A renewal that finds the lease taken (another process claimed it after it
// expired) marks it lost; so does a lease that ran out while renewals failed. A
// run checks `lost` before each new send, so at most the sends in flight overlap.
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
  const timer = setInterval(
    () => {
      if (busy || lost) return;
      busy = true;
      const next = now() + leaseMs;
      store
        .renew(contactId, owner, next)
        .then((held) => {
          if (held) until = next;
          else lose('taken');
        })
        .catch(() => {
          if (now() >= until) lose('expired while the database did not answer');
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
    stop: () => clearInterval(timer),
  };
}
