// The shape of a mail's localized texts. Deliberately small: the mail only says that
// something new is on My Page and links to it. It never carries the contact's body,
// policy number or anything contractual, and not its title either: titles are free
// text written by CRM operators and may name a policy or a payment problem, and an
// e-mail leaves our systems unencrypted and can be forwarded. The customer reads the
// title on My Page after signing in.
import type { ContactKind } from '../domain/types';

export interface MailTexts {
  subject: Readonly<Record<ContactKind, string>>;
  /** First paragraph: what is new. */
  lead: Readonly<Record<ContactKind, string>>;
  /** Before the link. */
  linkIntro: string;
  /** Last paragraph: this address does not take replies. */
  footer: string;
}

export const MAIL_LOCALES = ['ja_JP', 'en_US'] as const;
export type MailLocale = (typeof MAIL_LOCALES)[number];
