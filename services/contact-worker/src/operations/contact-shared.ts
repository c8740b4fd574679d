// What the contact operations share: the entity they act on (one contact, keyed by its
// contactId, or by one derived from the requestId for a create that brings none) and the
// answers their decisions give. Contract of every answer: a rejection names the contact
// and no version and writes nothing; a success names the contact and its version, and
// writes `next` when it changes the contact, with the events that go out in the reply's
// transaction.
import type { Decision, Detail, EventOut } from '@workers/runtime/pure';
import type { ContactCode } from '../domain/codes';
import { contactIdFor } from '../domain/contact-id';
import type { ContactRecord } from '../domain/types';
import { CONTACTS } from '../store/collections';

/** An operation's codes with their statuses: contact codes only (each has its texts in messages/). */
export type ContactStatuses = Partial<Readonly<Record<ContactCode, number>>>;

/** Entity, key and the reply's entity of an answer given without a decision (validation, errors). */
export const byContact = {
  entity: CONTACTS,
  key: (r: { contactId: string | null }, requestId: string) => r.contactId ?? contactIdFor(requestId),
  replyEntity: (_r: unknown, contactId: string) => ({ contactId, version: null }),
};

/** Answers `code` (and `details` for ValidationFailed) for the contact, writing nothing. */
export function rejected(
  code: Exclude<ContactCode, 'Success'>,
  contactId: string,
  details?: Detail[],
): Decision<ContactRecord> {
  return { outcome: { code, ...(details ? { details } : {}), entity: { contactId, version: null } } };
}

/** Answers Success for `record`; writes it when it is the contact's next state (`write`), with `events`. */
export function succeeded(record: ContactRecord, write: boolean, events?: EventOut[]): Decision<ContactRecord> {
  const outcome = {
    code: 'Success',
    entity: { contactId: record.contactId, version: record.version },
    ...(events ? { events } : {}),
  };
  return write ? { outcome, write: record } : { outcome };
}

/** A blank optional text is stored as null. */
export const orNull = (s: string | null): string | null => (s === null || s.trim() === '' ? null : s);
