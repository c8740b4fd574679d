// The outside reader's lines (scripts/bench/outside-reader.py) and their join with the bench's
// send stamps: pure, so the figures' arithmetic is tested without Kafka or Python.
import type { SendLog } from '../lib/request-sender';

/** Times (epoch ms) each correlation id's replies were read, in the order read. */
export type Arrivals = Map<string, number[]>;

/** One line of the reader's stdout: READY once positioned, then `<correlation-id> <epoch ms>` per reply. */
export type ReaderLine = { kind: 'ready' } | { kind: 'reply'; id: string; at: number };

/** A line of the reader, or undefined for one it never writes (the caller reports it; nothing throws). */
export function parseReaderLine(line: string): ReaderLine | undefined {
  if (line === 'READY') return { kind: 'ready' };
  const m = /^(\S+) (\d+(?:\.\d+)?)$/.exec(line);
  return m ? { kind: 'reply', id: m[1]!, at: Number(m[2]) } : undefined;
}

export function addArrival(arrivals: Arrivals, id: string, at: number): void {
  const list = arrivals.get(id);
  if (list) list.push(at);
  else arrivals.set(id, [at]);
}

/** How many replies `sent` asks for: one per send, a re-sent request's included. */
export function expectedReplies(sent: SendLog): number {
  let n = 0;
  for (const times of sent.values()) n += times.length;
  return n;
}

/**
 * Each reply's time after its send (ms), sorted ascending. A re-sent request's sends and replies
 * pair in order. The reader starts at the phase's first offsets, so every arrival is of this phase;
 * a send with no reply read, or a reply of an id not sent, adds nothing.
 */
export function joinLatencies(sent: SendLog, arrivals: Arrivals): number[] {
  const out: number[] = [];
  for (const [id, times] of sent) {
    const read = arrivals.get(id) ?? [];
    times.forEach((t, k) => {
      if (read[k] !== undefined) out.push(read[k] - t);
    });
  }
  return out.sort((a, b) => a - b);
}
