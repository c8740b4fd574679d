// What a dispatch run needs, shared by every run of the process, and the per-run
// context: the dispatch, its lease, the recipients named by the stored contact, a
// contact read that is never older than the re-check bound, the rendered mail, and
// one `shouldStop` for every reason to stop taking new sends.
import type { RetryPolicy } from '../domain/retry';
import type { PersonTarget } from '../domain/recipients';
import type { Audience, ContactView, Dispatch, EncryptedField } from '../domain/types';
import { mailLink, renderMail, type RenderedMail } from '../messages/render';
import type { MailLocale } from '../messages/texts';
import type { MailLogger } from '../names';
import type { MailSender } from '../smtp/sender';
import type { DeliveryStore } from '../store/delivery-store';
import type { DispatchStore } from '../store/dispatch-store';
import type { ContactMailFlags } from '../store/contact-mail-flags';
import type { AccountReader, ContactReader } from '../store/readers';
import type { LeaseKeeper } from './lease';
import type { MailMetrics } from './mail-metrics';
import type { RateLimiter, Slots } from './pacing';
import type { SmtpLink } from './smtp-link';

export interface MailSettings {
  locale: MailLocale;
  myPageUrl: string;
  messageIdDomain: string;
  pageSize: number;
  /** Broadcasts: the longest a contact read is trusted (≤ 1 s). PERSON mails re-read before each send. */
  contactRecheckMs: number;
  leaseMs: number;
}

export interface RunDeps {
  dispatches: DispatchStore;
  deliveries: DeliveryStore;
  contacts: ContactReader;
  accounts: AccountReader;
  /** The settled mail step, written on the contact worker's contact. */
  mailFlags: ContactMailFlags;
  sender: MailSender;
  /** The address of account `accountId` (its ciphertext is bound there). Throws when the key id is unknown or it does not verify. */
  decryptEmail(e: EncryptedField, accountId: string): string;
  limiter: RateLimiter;
  slots: Slots;
  link: SmtpLink;
  policy: RetryPolicy;
  settings: MailSettings;
  now(): number;
  logger: MailLogger;
  metrics: MailMetrics;
  /** This process's lease owner id (instance id + a random suffix per start). */
  owner: string;
}

export interface Run {
  deps: RunDeps;
  dispatch: Dispatch;
  /** From the stored contact at the start of the run, never from the event. */
  audience: Audience;
  target: PersonTarget;
  lease: LeaseKeeper;
  /** Set when the process stops: take no new sends, finish those in flight. */
  stopping: AbortSignal;
  /** Set when the drain bound passed: give up even the writes of sends in flight. */
  abandon: AbortSignal;
  contact(): Promise<ContactView | null>;
  /** The mail for the contact as read (the same for every recipient: rendered once per kind and link). */
  rendered(contact: ContactView): RenderedMail;
  shouldStop(): boolean;
}

export function newRun(
  deps: RunDeps,
  dispatch: Dispatch,
  stored: ContactView,
  lease: LeaseKeeper,
  stopping: AbortSignal,
  abandon: AbortSignal,
): Run {
  const maxAge = stored.audience === 'ALL' ? deps.settings.contactRecheckMs : 0;
  let cached: { at: number; value: Promise<ContactView | null> } | undefined;
  const mails = new Map<string, RenderedMail>();
  return {
    deps,
    dispatch,
    lease,
    stopping,
    abandon,
    audience: stored.audience,
    target: { personalId: stored.personalId, accountId: stored.accountId },
    rendered(contact) {
      const link = mailLink(contact.linkUrl, deps.settings.myPageUrl);
      const key = `${contact.kind} ${link}`;
      let m = mails.get(key);
      if (!m) {
        m = renderMail(contact.kind, link, deps.settings.locale);
        mails.set(key, m);
      }
      return m;
    },
    contact() {
      const now = deps.now();
      if (!cached || now - cached.at >= maxAge) {
        const value = deps.contacts.get(dispatch.contactId);
        cached = { at: now, value };
        // A failed read is not cached: the next caller reads again.
        value.catch(() => {
          if (cached?.value === value) cached = undefined;
        });
      }
      return cached.value;
    },
    shouldStop: () => stopping.aborted || lease.lost || !deps.link.up,
  };
}
