// The due-time records (one per approved contact). Several processes may poll the
// same collection: a dispatch is worked on only under a lease (owner + expiry),
// taken and renewed by single-document conditional writes, so a crashed owner's
// dispatch is taken over once its lease expires. Every write after the claim is
// conditional on still holding the lease and returns false when it is lost.
import type { DeliveryStatus, Dispatch } from '../domain/types';

export type NewDispatch = Pick<Dispatch, 'contactId' | 'eventId' | 'audience' | 'personalId' | 'accountId' | 'dueAt' | 'createdAt'>;

export interface Progress {
  cursor?: string | null;
  fanoutDone?: boolean;
  halted?: Dispatch['halted'];
}

export interface DispatchStore {
  /** Records a dispatch; 'exists' (and nothing changed) when the contact already has one. */
  schedule(d: NewDispatch): Promise<'scheduled' | 'exists'>;
  get(contactId: string): Promise<Dispatch | null>;
  /** Takes the lease of one due PENDING dispatch whose lease is free or expired (earliest due first). */
  claimDue(owner: string, now: number, leaseMs: number): Promise<Dispatch | null>;
  renew(contactId: string, owner: string, until: number): Promise<boolean>;
  saveProgress(contactId: string, owner: string, p: Progress): Promise<boolean>;
  /** Gives the lease back and sets the next due time. */
  release(contactId: string, owner: string, dueAt: number): Promise<boolean>;
  /** Marks the dispatch DONE with its summary and gives the lease back. */
  complete(contactId: string, owner: string, summary: Partial<Record<DeliveryStatus, number>>, at: number): Promise<boolean>;
  countPending(): Promise<number>;
}
