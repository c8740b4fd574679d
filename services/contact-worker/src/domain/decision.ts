// Contact and account verdicts as the runtime's Decisions: what to answer, what to
// write, and, for an approval, the ContactApproved event published in the reply's
// transaction. Pure: the event id and the time come from the DecideContext, and a
// request redelivered after a crash gets this very outcome back from its mark.
import type { DecideContext, Decision, Outcome } from '@workers/runtime';
import type { AccountVerdict } from './account-rules';
import type { AccountRecord } from './account-types';
import { approvalEvent, contactEventValue, type ContactVerdict } from './contact-rules';
import type { ContactRecord } from './types';

const contactEntity = (contactId: string | null, version: number | null = null): Outcome['entity'] => ({
  contactId,
  version,
});

export function contactDecision(
  v: ContactVerdict,
  contactId: string,
  eventTopic: string,
  ctx: DecideContext,
): Decision<ContactRecord> {
  if (v.kind === 'reject')
    return {
      outcome: { code: v.code, ...(v.details ? { details: v.details } : {}), entity: contactEntity(contactId) },
    };
  const record = v.kind === 'noop' ? v.record : v.next;
  const outcome: Outcome = { code: 'Success', entity: contactEntity(record.contactId, record.version) };
  if (v.kind === 'noop') return { outcome };
  if (v.emitApproval) {
    const event = approvalEvent(v.next, ctx.newId(), ctx.now);
    outcome.events = [{ topic: eventTopic, key: v.next.contactId, value: { ...contactEventValue(event) } }];
  }
  return { outcome, write: v.next };
}

export function accountDecision(v: AccountVerdict, accountId: string): Decision<AccountRecord> {
  if (v.kind === 'reject')
    return { outcome: { code: v.code, ...(v.details ? { details: v.details } : {}), entity: { accountId } } };
  return { outcome: { code: 'Success', entity: { accountId } }, write: v.next };
}
