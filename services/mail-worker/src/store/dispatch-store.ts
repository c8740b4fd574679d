// The due-time records (one per contact). Several processes may poll the same
// collection: a dispatch is worked on only under a lease (owner + expiry), taken and
// renewed by single-document conditional writes, so a crashed owner's dispatch is
// taken over once its lease expires. Every write after the claim is conditional on
// still holding the lease and returns false when it is lost.
import type { Audience, DeliveryStatus, Dispatch, DispatchHalt } from '../domain/types';

export type NewDispatch = Pick<Dispatch, 'contactId' | 'eventId' | 'dueAt' | 'createdAt'>;

export interface Progress {
  cursor?: string | null;
  fanoutDone?: boolean;
  halted?: DispatchHalt | null;
  /** Copied from the stored contact when a run finds it approved. */
  audience?: Audience;
  approvedAt?: number;
}

/** What a scheduled or reopened dispatch starts from: PENDING, nothing sent yet, the lease free, never expiring. */
export const OPEN = {
  status: 'PENDING' as const,
  cursor: null,
  fanoutDone: false,
  halted: null,
  audience: null,
  approvedAt: null,
  settledAt: null,
  summary: null,
  leaseOwner: null,
  leaseUntil: 0,
  expiresAt: null,
};

export interface DispatchStore {
  /** Records a dispatch; 'exists' (and nothing changed) when the contact already has one. */
  schedule(d: NewDispatch): Promise<'scheduled' | 'exists'>;
  /**
   * Makes a DONE dispatch that served no approval (it found the contact missing or not
   * yet approved) PENDING again, due at `dueAt`; false when there is none such.
   */
  reopen(contactId: string, eventId: string, dueAt: number): Promise<boolean>;
  get(contactId: string): Promise<Dispatch | null>;
  /** Takes the lease of one due PENDING dispatch whose lease is free or expired (earliest due first). */
  claimDue(owner: string, now: number, leaseMs: number): Promise<Dispatch | null>;
  renew(contactId: string, owner: string, until: number): Promise<boolean>;
  saveProgress(contactId: string, owner: string, p: Progress): Promise<boolean>;
  /** Gives the lease back and sets the next due time. */
  release(contactId: string, owner: string, dueAt: number): Promise<boolean>;
  /** Marks the dispatch DONE with its summary (and why it stopped early, if it did) and gives the lease back. */
  complete(
    contactId: string,
    owner: string,
    summary: Partial<Record<DeliveryStatus, number>>,
    at: number,
    halted?: DispatchHalt,
  ): Promise<boolean>;
  countPending(): Promise<number>;
  /** Deletes DONE dispatches whose retention has passed; how many. */
  purgeExpired(now: number): Promise<number>;
}
