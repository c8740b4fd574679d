// kafkajs (2.2.4) heartbeats to the group coordinator it found when it joined, and never looks
// it up again until the next join. When the coordinator's broker dies, every heartbeat after a
// batch fails with a connection error; the error leaves the fetch loop, which kafkajs retries
// five times and then crashes the consumer, restarting it 5 s later (two rebalances for every
// process of the group). Meanwhile no partition of the process is fetched. The production-shaped
// chaos run 17 saw a consumer crash this way 26 s after the controller's SIGKILL, its
// partitions unanswered until then (docs/reliability.md).
//
// Patched here: a heartbeat the coordinator cannot be reached for is skipped with a warning and
// the coordinator is looked up again, so the next heartbeat (one interval later) goes to the
// broker that now holds it. Skipping one is safe: a member whose heartbeats stop long enough is
// expelled by the group, and its next heartbeat answers that (UNKNOWN_MEMBER_ID or a rebalance,
// both handled by kafkajs); a process that lost partitions meanwhile cannot commit for them:
// the group refuses the generation its commits claim (poll-commits.ts), or the new owner has
// fenced the partition's producer (partition-producers.ts).
import { createRequire } from 'node:module';

/** The part of kafkajs's ConsumerGroup this relies on. */
export interface HeartbeatingGroup {
  groupId: string;
  coordinator: unknown;
  lastRequest: number;
  cluster: { findGroupCoordinator(q: { groupId: string }): Promise<unknown> };
  logger: { warn(message: string, extra?: object): void };
  heartbeat(o: { interval: number }): Promise<void>;
}

/** Errors of a coordinator that cannot be reached (refused, reset, closed, timed out). */
const UNREACHABLE = new Set(['KafkaJSConnectionError', 'KafkaJSConnectionClosedError', 'KafkaJSRequestTimeoutError']);

const patched = Symbol('heartbeat-past-dead-coordinator');

/** Installs the behaviour above on `proto` (kafkajs's ConsumerGroup's by default); idempotent. */
export function heartbeatPastDeadCoordinator(
  proto: HeartbeatingGroup & { [patched]?: true } = (
    createRequire(__filename)('kafkajs/src/consumer/consumerGroup') as { prototype: HeartbeatingGroup }
  ).prototype,
): void {
  if (proto[patched]) return;
  const original = proto.heartbeat;
  if (typeof original !== 'function') throw new TypeError('kafkajs ConsumerGroup has no heartbeat: check its version');
  proto.heartbeat = async function (this: HeartbeatingGroup, o: { interval: number }): Promise<void> {
    try {
      await original.call(this, o);
    } catch (e) {
      const name = (e as { name?: unknown } | null)?.name;
      if (typeof name !== 'string' || !UNREACHABLE.has(name)) throw e;
      this.logger.warn('Heartbeat skipped: the group coordinator cannot be reached; looking it up again', {
        error: (e as Error).message,
      });
      // Not again before the next interval: the look-up below may still name the dead broker
      // until the controller fences it.
      this.lastRequest = Date.now();
      try {
        this.coordinator = await this.cluster.findGroupCoordinator({ groupId: this.groupId });
      } catch {
        // The next heartbeat fails the same way and looks it up again.
      }
    }
  };
  proto[patched] = true;
}
