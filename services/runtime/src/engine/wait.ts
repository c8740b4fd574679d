// The step before all others: how long each message waited between its producer writing it
// and its chunk starting here (the fetch, and the chunks ahead of it in the partition). It is
// the first thing to look at in a slow tail (issue 29: "waiting to be fetched"), and the one
// an operator cannot see from the other steps. The producer's clock is another host's: a
// message stamped ahead of ours counts as not having waited.
import type { Metrics } from '../metrics';
import type { InMessage } from '../transport';

export function observeWait(chunk: readonly InMessage[], metrics: Pick<Metrics, 'step'>, now = Date.now()): void {
  for (const m of chunk) {
    if (m.producedAt === undefined || !Number.isFinite(m.producedAt)) continue;
    metrics.step.observe({ topic: m.topic, step: 'wait' }, Math.max(0, now - m.producedAt) / 1000);
  }
}
