// The store of a request route's entities (cards, contacts, accounts), as the batch
// engine sees it. Each stored record carries a revision that every write is
// conditional on, and the applied marks of the requests that wrote it: a request
// redelivered after a crash between the write and its reply finds its mark and is
// answered with the very outcome it had (events and generated ids included),
// instead of being applied twice. The effect and its idempotency mark are one
// single-document write, which needs no multi-document transactions (FerretDB v1
// has none).
import type { Outcome } from '../route';

export interface AppliedMark {
  requestId: string;
  outcome: Outcome;
}

export interface Versioned<R> {
  record: R;
  revision: number;
  applied: AppliedMark[];
}

/** A record to store: inserted when `expected` is null, else replaced if still at revision `expected`. */
export interface EntityWrite<R> {
  id: string;
  record: R;
  expected: number | null;
  applied: AppliedMark[];
}

export interface EntityStore<R> {
  /** The stored records of `ids` that exist. */
  load(ids: readonly string[]): Promise<Map<string, Versioned<R>>>;
  /** Writes each record conditionally; returns the ids whose condition failed (a concurrent writer). */
  save(writes: readonly EntityWrite<R>[]): Promise<Set<string>>;
}

/**
 * Marks older than the current write that a record keeps. A mark is needed only
 * until its request's reply is committed, which happens before any later request
 * of the same key is read (per-key order); the slack covers a fenced process that
 * wrote one more chunk before learning it had lost the partition.
 */
export const OLDER_MARKS_KEPT = 10;

/** The marks a record keeps after a write that adds `added`. */
export function keepMarks(previous: readonly AppliedMark[], added: readonly AppliedMark[]): AppliedMark[] {
  return [...previous.slice(-OLDER_MARKS_KEPT), ...added];
}
