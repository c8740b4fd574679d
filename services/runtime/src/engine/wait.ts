// The steps before all others, per message: how long it waited between its producer writing it
// and the transport handing its batch over (`fetch`: the broker's fetch wait, kafkajs's turn
// over the partitions), and between its producer and its chunk starting here (`wait`: the fetch
// and then the chunks ahead of it in the partition). They are the first thing to look at in a
// slow tail (issue 29: "waiting to be fetched"), and the ones an operator cannot see from the
// other steps. The producer's clock is another host's: a message stamped ahead of ours counts
// as not having waited.
import type { Metrics } from '../metrics';
import type { InMessage } from '../transport';

export function observeWait(chunk: readonly InMessage[], metrics: Pick<Metrics, 'step'>, now = Date.now()): void {
  for (const m of chunk) {
    if (m.producedAt === undefined || !Number.isFinite(m.producedAt)) continue;
    if (m.fetchedAt !== undefined)
      metrics.step.observe({ topic: m.topic, step: 'fetch' }, Math.max(0, m.fetchedAt - m.producedAt) / 1000);
    metrics.step.observe({ topic: m.topic, step: 'wait' }, Math.max(0, now - m.producedAt) / 1000);
  }
}
