// The approval event on crm.contact.events (schemas/crm.contact.events.avsc): the
// contact worker publishes it with the approving reply, the mail worker consumes it
// (docs/rules.md#contacts, docs/rules.md#mail). It carries no body and no policy
// number: contract details stay out of what reaches mail. Timestamps are epoch ms.

export type Audience = 'PERSON' | 'ALL';
export type ContactKind = 'NOTICE' | 'ACTION_REQUEST';

/** The ContactApproved branch of the event union. */
export interface ContactApproved {
  contactId: string;
  audience: Audience;
  personalId: string | null;
  accountId: string | null;
  kind: ContactKind;
  title: string;
  linkUrl: string | null;
  publishAt: number;
  approvedBy: string;
  approvedAt: number;
}

/**
 * A ContactEvent value as avsc reads and writes it. The `event` union has a single
 * branch, so avsc leaves it unwrapped (the payload itself); were a second record
 * branch added, it would become { "crm.contact.<Name>": payload }.
 */
export interface ContactEvent {
  eventId: string;
  occurredAt: number;
  event: ContactApproved;
}
