// kafkajs (2.2.4, no longer maintained) fetches from each broker in a fetcher of its own, but
// runs them under one Promise.all: when a broker dies, its fetcher's connection error stops
// every fetcher, the live brokers' too, and the consumer retries the whole loop until its
// retries run out, then crashes, leaves the group and rejoins 5 s later (two rebalances for
// every process of the group). Nothing refreshes the metadata on that error, so the retries
// keep asking the dead broker even after the controller has fenced it and moved its
// partitions. The production-shaped chaos run saw no request answered on any partition for
// 25–32 s after a broker SIGKILL, and hundreds of consumer crashes (docs/reliability.md).
//
// Patched here: a connection failure of one broker's fetch is answered the way kafkajs answers
// stale metadata, without the rejoin. The fetch returns no batches after a pause and a metadata
// refresh, so the other fetchers go on; once the dead broker has left the metadata (fenced:
// KRaft's broker session timeout), kafkajs's fetch manager sees the node list change and builds
// its fetchers again, on the new leaders. A closed connection keeps kafkajs's own handling.
import { createRequire } from 'node:module';
import { sleep } from '../backoff';

/** The part of kafkajs's ConsumerGroup this relies on. */
export interface FetchingGroup {
  cluster: { refreshMetadata(): Promise<void> };
  logger: { warn(message: string, extra?: object): void };
  recoverFromFetch(e: unknown): Promise<void>;
}

/** Errors of a broker that cannot be reached (refused, reset, timed out). */
const UNREACHABLE = new Set(['KafkaJSConnectionError', 'KafkaJSRequestTimeoutError']);

const patched = Symbol('fetch-past-dead-brokers');

/** Installs the behaviour above on `proto` (kafkajs's ConsumerGroup's by default); idempotent. */
export function fetchPastDeadBrokers(
  proto: FetchingGroup & { [patched]?: true } = (
    createRequire(__filename)('kafkajs/src/consumer/consumerGroup') as { prototype: FetchingGroup }
  ).prototype,
  pauseMs = 1_000,
): void {
  if (proto[patched]) return;
  const original = proto.recoverFromFetch;
  if (typeof original !== 'function')
    throw new TypeError('kafkajs ConsumerGroup has no recoverFromFetch: check its version');
  proto.recoverFromFetch = async function (this: FetchingGroup, e: unknown): Promise<void> {
    const name = (e as { name?: unknown } | null)?.name;
    if (typeof name !== 'string' || !UNREACHABLE.has(name)) return original.call(this, e);
    this.logger.warn('Fetch from a broker failed; the other brokers are fetched on, the metadata refreshed', {
      error: (e as Error).message,
    });
    await sleep(pauseMs);
    await this.cluster.refreshMetadata().catch(() => undefined);
  };
  proto[patched] = true;
}
