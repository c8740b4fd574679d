// Documents that remember which requests changed them. Each conditional write of a
// record carries an applied mark {requestId, outcome}; a request redelivered after a
// crash between its write and its reply finds its mark and gets the very outcome
// (events included) it had, instead of being applied twice. This is how an effect
// and its idempotency marker are one atomic single-document write on a database
// without multi-document transactions (FerretDB v1).
import { TransientError } from '../transient';
import type { Outcome } from '../route';

export interface AppliedMark {
  requestId: string;
  outcome: Outcome;
}

export interface Marked<T> {
  record: T;
  revision: number;
  applied: AppliedMark[];
}

export interface MarkedStore<T> {
  find(id: string): Promise<Marked<T> | null>;
  /** 'exists' when a document with that id is already stored. */
  insert(id: string, record: T, revision: number, mark: AppliedMark): Promise<'inserted' | 'exists'>;
  /** Writes `record` at `revision + 1` if the stored revision is still `revision`; false otherwise. */
  replace(id: string, record: T, revision: number, mark: AppliedMark): Promise<boolean>;
}

/** What a decision asks for: answer only, or write and answer. */
export type Step<T> = { outcome: Outcome } | { outcome: Outcome; write: T };

const MAX_CONFLICTS = 5;

/**
 * Reads, decides, writes conditionally; re-reads on a concurrent change. Throws
 * TransientError if conflicts persist (the runtime retries later), and whatever
 * the store throws (a transient error is retried, anything else is InternalError).
 */
export async function applyOnce<T>(
  store: MarkedStore<T>,
  id: string,
  requestId: string,
  decide: (current: T | null) => Step<T>,
): Promise<Outcome> {
  for (let i = 0; i < MAX_CONFLICTS; i++) {
    const current = await store.find(id);
    const mark = current?.applied.find((m) => m.requestId === requestId);
    if (mark) return mark.outcome;
    const step = decide(current?.record ?? null);
    if (!('write' in step)) return step.outcome;
    const applied: AppliedMark = { requestId, outcome: step.outcome };
    if (!current) {
      if ((await store.insert(id, step.write, 1, applied)) === 'inserted') return step.outcome;
    } else if (await store.replace(id, step.write, current.revision, applied)) {
      return step.outcome;
    }
  }
  throw new TransientError(`${id}: concurrent modifications`);
}
