// The dispatcher's run on memory stores, a scripted SMTP sender and a settable clock.
import { createLogger, type LogEvent } from '@workers/runtime';
import { Registry } from 'prom-client';
import type { Dispatch } from '../../src/domain/types';
import { MailMetrics, type MailLogEvent } from '../../src/names';
import { RateLimiter, Slots } from '../../src/pacing';
import { runDispatch, type RunDeps } from '../../src/pipeline';
import { SmtpLink, type MailSender, type OutgoingMail, type SendResult } from '../../src/smtp/sender';
import { memoryContactWorkerDocs, memoryDeliveryStore, memoryDispatchStore } from '../../src/store/memory';
import { NOW, contact } from '../domain/fixtures';

export class ScriptedSender implements MailSender {
  readonly sent: OutgoingMail[] = [];
  reachable = true;
  /** Decides each send; default: accepted. */
  script: (m: OutgoingMail, n: number) => SendResult = () => ({ ok: true, response: '250 OK' });
  async send(m: OutgoingMail): Promise<SendResult> {
    const r = this.script(m, this.sent.length);
    if (r.ok) this.sent.push(m);
    return r;
  }
  async verify(): Promise<void> {
    if (!this.reachable) throw new Error('connect ECONNREFUSED');
  }
  close(): void {}
  to(address: string): number {
    return this.sent.filter((m) => m.to === address).length;
  }
}

export function harness(over: Partial<RunDeps['settings']> = {}) {
  const clock = { now: NOW };
  const dispatches = memoryDispatchStore();
  const deliveries = memoryDeliveryStore();
  const { contacts, accounts, mailFlags } = memoryContactWorkerDocs();
  const sender = new ScriptedSender();
  const logger = createLogger<LogEvent | MailLogEvent>({ service: 'test', level: 'silent' });
  const link = new SmtpLink(sender, logger);
  const deps: RunDeps = {
    dispatches,
    deliveries,
    contacts,
    accounts,
    mailFlags,
    sender,
    decryptEmail: (e) => {
      if (e.kid !== 'k1') throw new Error(`no key for key id ${e.kid}`);
      return e.ct;
    },
    limiter: new RateLimiter(100_000, 1000),
    slots: new Slots(3),
    link,
    policy: { maxAttempts: 3, baseMs: 1000, capMs: 10_000 },
    settings: {
      locale: 'ja_JP',
      myPageUrl: 'https://mypage.example.jp/',
      messageIdDomain: 'example.jp',
      pageSize: 10,
      contactRecheckMs: 0,
      leaseMs: 1e9,
      ...over,
    },
    now: () => clock.now,
    logger,
    metrics: new MailMetrics(new Registry(), { pendingDispatches: async () => 0, smtpUp: () => link.up }),
    owner: 'test-owner',
  };

  /** Seeds the contact and schedules its dispatch as an approval event does (due at once). */
  async function approve(c = contact()): Promise<void> {
    contacts.docs.set(c.contactId, structuredClone(c));
    await dispatches.schedule({
      contactId: c.contactId,
      eventId: `ev-${c.contactId}`,
      dueAt: clock.now,
      createdAt: clock.now,
    });
  }

  /** The record of the address mailed (or decided) through `accountId` (null: none found). */
  function rec(accountId: string | null, contactId = 'C-1') {
    return [...deliveries.docs.values()].find((d) => d.contactId === contactId && d.accountId === accountId);
  }

  /** Claims the due dispatch (if any) and runs it once; returns it as stored afterwards. */
  async function runOnce(signals: { stopping?: AbortSignal } = {}): Promise<Dispatch | null> {
    if (!link.up) await link.probe();
    const d = await dispatches.claimDue(deps.owner, clock.now, deps.settings.leaseMs);
    if (!d) return null;
    await runDispatch(deps, d, signals.stopping ?? new AbortController().signal, new AbortController().signal);
    return dispatches.get(d.contactId);
  }

  return { clock, deps, dispatches, deliveries, contacts, accounts, mailFlags, sender, link, approve, runOnce, rec };
}

export const refused = (responseCode: number): SendResult => ({
  ok: false,
  failure: { responseCode, code: 'EENVELOPE', message: `${responseCode} no`, dataSent: false },
});
export const connectionLost = (dataSent: boolean): SendResult => ({
  ok: false,
  failure: { code: 'ECONNECTION', message: 'Connection closed unexpectedly', dataSent },
});
