// The chaos run's producer: the requests in mix order (one idempotent producer, so
// per-key order holds), at most `rate` per second and at most `window` unanswered
// at once, each after the reply its `after` names, and none past the hold mark
// while faults are still to come.
import type { Producer } from 'kafkajs';
import { sendSlice, type Encoded, type SendLog } from '../bench/load';

export interface SendOptions {
  rate: number;
  window: number;
  /** Replies seen so far (every request is answered at least once). */
  replies(): number;
  answered(requestId: string): boolean;
  /** True while the request at this index must wait. */
  hold(index: number): boolean;
  /** Epoch ms after which a request still waiting fails the run. */
  deadline: number;
  /** A send that failed and will be tried again. */
  onSendError?(err: unknown, attempt: number): void;
}

const SLICE = 100;

export async function sendAll(
  producer: Producer,
  items: readonly (Encoded & { after?: string })[],
  o: SendOptions,
): Promise<SendLog> {
  const log: SendLog = new Map();
  const started = Date.now();
  let sent = 0;
  let slice: Encoded[] = [];
  const flush = async (): Promise<void> => {
    if (slice.length === 0) return;
    // A broker restart can outlast the client's own retries: send the slice again, as an
    // upstream system would (the workers answer a re-sent request with the same reply;
    // the run counts what the request topics really hold, not what was meant).
    for (let attempt = 1; ; attempt++) {
      try {
        await sendSlice(producer, slice, log);
        break;
      } catch (err) {
        if (Date.now() > o.deadline) throw err;
        o.onSendError?.(err, attempt);
        await new Promise((r) => setTimeout(r, Math.min(5_000, 250 * 2 ** attempt)));
      }
    }
    sent += slice.length;
    slice = [];
  };
  for (let i = 0; i < items.length; ) {
    const it = items[i]!;
    const queued = sent + slice.length;
    const blocked =
      (it.after !== undefined && !o.answered(it.after)) ||
      queued - o.replies() >= o.window ||
      queued >= ((Date.now() - started) / 1000) * o.rate ||
      o.hold(i);
    if (blocked) {
      if (Date.now() > o.deadline)
        throw new Error(
          `sender stuck at request ${i} of ${items.length} (${it.requestId}${it.after ? `, after ${it.after}` : ''})`,
        );
      await flush();
      await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    slice.push(it);
    i++;
    if (slice.length >= SLICE) await flush();
  }
  await flush();
  return log;
}
