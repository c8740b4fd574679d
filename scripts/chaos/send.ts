// The chaos run's producer: the requests in mix order (one idempotent producer, so
// per-key order holds), at most `rate` per second and at most `window` unanswered
// at once, each after the reply its `after` names, and none past the hold mark
// while faults are still to come. A slice whose send failed is sent again
// (RequestSender.sendPatiently) until the deadline.
import type { Prepared } from '@workers/client';
import type { RequestSender, SendLog } from '../lib/request-sender';

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
  /** A send that failed and will be made again. */
  onSendError?(err: unknown, attempt: number): void;
}

const SLICE = 100;

export async function sendAll(
  sender: RequestSender,
  items: readonly { prepared: Prepared; after?: string }[],
  o: SendOptions,
): Promise<SendLog> {
  const log: SendLog = new Map();
  const started = Date.now();
  let sent = 0;
  let slice: Prepared[] = [];
  const flush = async (): Promise<void> => {
    if (slice.length === 0) return;
    // A slice sent again may land twice: the run counts what the request topics really
    // hold, not what was meant.
    await sender.sendPatiently(slice, log, o);
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
          `sender stuck at request ${i} of ${items.length} (${it.prepared.requestId}${it.after ? `, after ${it.after}` : ''})`,
        );
      await flush();
      await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    slice.push(it.prepared);
    i++;
    if (slice.length >= SLICE) await flush();
  }
  await flush();
  return log;
}
