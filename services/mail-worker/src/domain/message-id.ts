// A deterministic Message-ID per (contact, recipient): any copy of the mail, even
// one an operator re-sends after an in-doubt delivery, carries the same id, so a
// receiving system can recognise a duplicate. Hashed because ids may hold
// characters a Message-ID cannot, and so the header reveals no internal ids.
import { createHash } from 'node:crypto';

export function mailMessageId(contactId: string, accountId: string, domain: string): string {
  const h = createHash('sha256').update(`${contactId}\u0000${accountId}`).digest('hex').slice(0, 40);
  return `<contact.${h}@${domain}>`;
}

/** The domain of a sender such as `noreply@example.jp` or `"My Page" <noreply@example.jp>`. */
export function senderDomain(from: string): string | null {
  const m = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from.trim());
  return m?.[1] ?? null;
}
