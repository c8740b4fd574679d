// kafkajs asks the cluster which broker coordinates a transaction (or a group) before
// every transactional request: FindCoordinator, then AddPartitionsToTxn; again, then
// AddOffsetsToTxn; again, then TxnOffsetCommit; again, then EndTxn. A commit thus made
// nine round trips where five do, and under load the four look-ups were a third of its
// time. The Java client keeps a coordinator until a request to it fails; this does the
// same for kafkajs (2.2.4, no longer maintained, so the internals patched here do not
// move): a coordinator found is remembered per client and per (key, kind), and
// forgotten when a request to it fails (NOT_COORDINATOR after it moved, a closed
// connection, anything unforeseen) unless the error says the coordinator itself was
// right (KEPT_ON), when its connection is down, or after `ttlMs` at the latest. The
// caller then retries as before, with a fresh look-up.
import { createRequire } from 'node:module';

/** The part of a kafkajs Broker this relies on. */
export interface CoordinatorBroker {
  isConnected(): boolean;
}

export interface CoordinatorQuery {
  groupId: string;
  coordinatorType?: number;
}

type Find<B> = (q: CoordinatorQuery) => Promise<B>;

/** `find` with its answers remembered (see above); `now` is the clock the ttl is read on. */
export function cachedCoordinators<B extends CoordinatorBroker>(find: Find<B>, ttlMs: number, now = Date.now): Find<B> {
  const known = new Map<string, { broker: B; until: number }>();
  return async (q) => {
    const key = `${q.coordinatorType ?? 0}:${q.groupId}`;
    const hit = known.get(key);
    if (hit && hit.until > now() && hit.broker.isConnected()) return hit.broker;
    known.delete(key);
    const broker = await find(q);
    const entry = {
      broker: forgettingOnFailure(broker, () => known.get(key) === entry && known.delete(key)),
      until: now() + ttlMs,
    };
    known.set(key, entry);
    return entry.broker;
  };
}

/**
 * Errors of a request that the right coordinator answers: a transaction still being
 * completed (the next one's first request, right after a commit), the coordinator
 * loading its log, a rebalance, or fencing. Forgetting on these would look it up again
 * for nothing, several times a second.
 */
const KEPT_ON = new Set([
  'CONCURRENT_TRANSACTIONS',
  'COORDINATOR_LOAD_IN_PROGRESS',
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'INVALID_PRODUCER_EPOCH',
  'PRODUCER_FENCED',
]);

const keeps = (err: unknown): boolean => KEPT_ON.has(String((err as { type?: unknown } | null)?.type));

/** The broker with every method that fails (throws or rejects) calling `forget` first, unless the error keeps it. */
function forgettingOnFailure<B extends object>(broker: B, forget: () => void): B {
  return new Proxy(broker, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function' || prop === 'isConnected') return v;
      return (...args: unknown[]) => {
        try {
          const out = v.apply(target, args);
          return out instanceof Promise
            ? out.catch((err: unknown) => {
                if (!keeps(err)) forget();
                throw err;
              })
            : out;
        } catch (err) {
          if (!keeps(err)) forget();
          throw err;
        }
      };
    },
  });
}

interface ClusterPrototype {
  findGroupCoordinator: Find<CoordinatorBroker>;
  [patched]?: true;
}
const patched = Symbol('coordinator-cache');
const perCluster = new WeakMap<object, Find<CoordinatorBroker>>();

/** Installs the cache on kafkajs's Cluster (every client of this process); idempotent. */
export function cacheKafkajsCoordinators(ttlMs = 60_000): void {
  const Cluster = createRequire(__filename)('kafkajs/src/cluster') as { prototype: ClusterPrototype };
  const proto = Cluster.prototype;
  if (proto[patched]) return;
  const original = proto.findGroupCoordinator;
  if (typeof original !== 'function')
    throw new TypeError('kafkajs Cluster has no findGroupCoordinator: check its version');
  proto.findGroupCoordinator = function (this: object, q: CoordinatorQuery) {
    let find = perCluster.get(this);
    if (!find) {
      find = cachedCoordinators((x) => original.call(this, x), ttlMs);
      perCluster.set(this, find);
    }
    return find(q);
  };
  proto[patched] = true;
}
