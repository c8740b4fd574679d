// No poison pill: a chunk that failed in a way no retry changes (say its replies cannot
// be written) has its messages tried one by one. One that fails alone is dead-lettered
// with its origin and the error, with a fallback reply where one can be built, so the
// partition moves past it — unless a dependency is down (outage.ts): then the
// partition waits and tries the same message again, dead-lettering nothing.
import { bareDeadLetter, deadLetter } from '../dead-letter';
import { isTransient } from '../transient';
import { PartitionLostError, type InMessage, type OutMessage, type PartitionSession } from '../transport';
import { clip } from './bounds';
import { judge, PartitionWait, type OutageContext } from './outage';
import { retrying } from './retry';

export interface IsolateOptions extends OutageContext {
  dlqTopic: string;
  now(): number;
  /** The fallback reply of a message whose own answer cannot be delivered, if one can be built. */
  fallback(msg: InMessage, error: string): Promise<OutMessage | null>;
}

export const where = (chunk: readonly InMessage[]): string =>
  `${chunk[0]!.topic}[${chunk[0]!.partition}]@${chunk[0]!.offset}-${chunk[chunk.length - 1]!.offset}`;

const describe = (err: unknown): string => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

/** The message failed alone in a way no retry changes: dead-letter it (and answer what can be answered). */
async function deadLetterPoison(
  msg: InMessage,
  error: string,
  session: PartitionSession,
  o: IsolateOptions,
): Promise<void> {
  o.metrics.deadLetters.inc({ topic: msg.topic, reason: 'undeliverable' });
  o.logger.error('request.dead_lettered', {
    topic: msg.topic,
    partition: msg.partition,
    offset: msg.offset,
    reason: 'undeliverable',
    error: clip(error),
  });
  const fallback = await o.fallback(msg, error).catch(() => null);
  const letter = deadLetter(msg, o.dlqTopic, clip(error, 1000), o.now());
  // Each refused for good, the next is tried: without the reply (it may be what the broker
  // refuses), then without the original bytes and headers (a message just under the broker's
  // size limit is over it once the dead-letter headers are added; its origin says where it is).
  const attempts = [
    ...(fallback ? [[letter, fallback]] : []),
    [letter],
    [bareDeadLetter(msg, o.dlqTopic, clip(error, 1000), o.now())],
  ];
  for (const [i, out] of attempts.entries()) {
    try {
      await retrying(`dead-letter ${where([msg])}`, msg.topic, () => session.commit(out, msg.offset), session, o);
      return;
    } catch (err) {
      if (i === attempts.length - 1 || err instanceof PartitionLostError || isTransient(err)) throw err;
    }
  }
}

/** `alone` computes and commits one message; rejects when it fails in a way no retry changes. */
async function isolateOne(
  msg: InMessage,
  alone: (msg: InMessage) => Promise<void>,
  session: PartitionSession,
  o: IsolateOptions,
): Promise<void> {
  const wait = new PartitionWait(msg, o);
  let outcome: 'answered' | 'dead_lettered' | 'stopped' = 'stopped';
  try {
    for (;;) {
      if (!session.owned()) throw new PartitionLostError(`${where([msg])}: partition lost while isolating`);
      try {
        await alone(msg);
        o.health.failedInRow = 0;
        outcome = 'answered';
        return;
      } catch (err) {
        if (err instanceof PartitionLostError || o.signal.aborted) throw err;
        const verdict = await judge(err, o);
        if (!verdict.wait) {
          await deadLetterPoison(msg, describe(err), session, o);
          o.health.failedInRow++;
          outcome = 'dead_lettered';
          return;
        }
        await wait.next(verdict, session);
      }
    }
  } finally {
    wait.end(outcome);
  }
}

export async function isolate(
  chunk: readonly InMessage[],
  alone: (msg: InMessage) => Promise<void>,
  session: PartitionSession,
  o: IsolateOptions,
): Promise<void> {
  for (const msg of chunk) await isolateOne(msg, alone, session, o);
}
