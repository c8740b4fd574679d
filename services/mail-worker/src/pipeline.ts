// The mail worker's pipeline: how a ContactApproved becomes mail. The event itself only
// records a due-time dispatch (routes.ts); everything after happens in the five stages
// below, one file each, in this order. What is mailed, and to whom, comes from the
// stored contact, never from the event.
//
//   stage     file               takes → returns
//   1 claim   stages/claim.ts    Dispatcher: a due PENDING dispatch → the Dispatch, held under
//                                a lease (keepLease → LeaseKeeper), handed to runDispatch
//   2 check   stages/check.ts    checkContact: ContactView → go | skip | wait until publishAt;
//                                whyNotServed: ContactView → DispatchHalt (close unserved) | null;
//                                planRecipient: Recipient + its Delivery + contact skip → Step
//   3 fan out stages/fanout.ts   fanOutPerson / fanOutAll / fanOutOpen: Run → done | stopped
//                                (| waiting); each batch of Recipients: records read, Steps
//                                planned, in-doubt / shared / skipped written, SendItems on
//   4 send    stages/send.ts     sendAll: SendItem[] → slot + rate token → claim (SENDING) →
//                                SMTP → SendResult per item, handed to settle
//   5 settle  stages/settle.ts   Recorder: SendResult → delivery record, conditional on the
//                                claim → RecipientResult; settleDispatch: Run with nothing
//                                open → contact flagged, dispatch DONE
//
// runDispatch below runs stages 2–5 for one claimed dispatch. RunDeps is what every run
// of the process shares, Run what one run carries through the stages: the dispatch, its
// lease, the recipients named by the stored contact, a contact read never older than the
// re-check bound, the rendered mail, and one `shouldStop` for every reason to stop taking
// new sends.
import type { Audience, ContactView, Dispatch, DispatchHalt, EncryptedField } from './domain/types';
import { mailLink, renderMail, type MailLocale, type RenderedMail } from './messages/mail';
import type { MailLogger, MailMetrics } from './names';
import type { RateLimiter, Slots } from './pacing';
import type { MailSender, SmtpLink } from './smtp/sender';
import { checkContact, whyNotServed } from './stages/check';
import { keepLease, type LeaseKeeper } from './stages/claim';
import { fanOutAll, fanOutOpen, fanOutPerson, type PersonTarget } from './stages/fanout';
import { closeUnserved, settleDispatch, type RetryPolicy } from './stages/settle';
import type { AccountReader, ContactMailFlags, ContactReader } from './store/contacts';
import type { DeliveryStore } from './store/deliveries';
import type { DispatchStore } from './store/dispatches';

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

/**
 * Stages 2–5 for one claimed dispatch, as far as it can go now: check the stored
 * contact (close the dispatch unserved, or put it back until publishAt), fan out once,
 * retry what is due, and settle when nothing is open. Otherwise the lease is given back
 * with the next due time (a retry, or now when the run was stopped). Throws what the
 * stores throw (the dispatcher logs it; the lease then expires).
 */
export async function runDispatch(
  deps: RunDeps,
  dispatch: Dispatch,
  stopping: AbortSignal,
  abandon: AbortSignal,
): Promise<void> {
  const { contactId } = dispatch;
  const lease = keepLease(deps.dispatches, contactId, deps.owner, deps.settings.leaseMs, deps.now, deps.logger);
  // Renewals end before the lease is given back: one answered after the release would read
  // the released lease as taken by another process.
  const close = async (d: Dispatch, halted: DispatchHalt): Promise<void> => {
    lease.stop();
    await closeUnserved(deps, d, halted);
  };
  const defer = async (until: number, why: string): Promise<void> => {
    lease.stop();
    if (await deps.dispatches.release(contactId, deps.owner, until)) {
      deps.logger.info('mail.dispatch_deferred', { contactId, eventId: dispatch.eventId, dueAt: until, reason: why });
    }
  };
  try {
    // 2. check
    const stored = await deps.contacts.get(contactId);
    let served = dispatch;
    if (dispatch.approvedAt === null) {
      const unserved = whyNotServed(stored, deps.now());
      if (unserved) return await close(dispatch, unserved);
      const approval = { audience: stored!.audience, approvedAt: stored!.approvedAt ?? deps.now() };
      if (!(await deps.dispatches.saveProgress(contactId, deps.owner, approval))) return;
      served = { ...dispatch, ...approval };
    }
    if (!stored) return await close(served, 'SKIPPED_NO_CONTACT');
    const check = checkContact(stored, deps.now());
    if (check.kind === 'wait') return await defer(check.until, 'publishAt is ahead');
    const run = newRun(deps, served, stored, lease, stopping, abandon);

    // 3. fan out (4. send and 5. settle each answer, batch by batch)
    if (!served.fanoutDone) {
      const pass = run.audience === 'ALL' ? await fanOutAll(run) : await fanOutPerson(run);
      if (pass === 'stopped') return await defer(deps.now(), 'stopped');
    }
    const open = await fanOutOpen(run);
    if (open.kind === 'stopped') return await defer(deps.now(), 'stopped');
    if (open.kind === 'waiting') return await defer(open.until, 'retries pending');

    // 5. settle the dispatch
    await settleDispatch(run);
  } finally {
    lease.stop();
  }
}
