// The mail of a chaos run, read from the SMTP sink and the mail worker's records:
// each approved contact (not deleted, not answered) mailed once to its account
// when that account's delivery is ENABLED, nobody else, nobody twice. A mail that
// is not in the sink is excused only when its record says IN_DOUBT: the process
// died between handing it to SMTP and recording the answer, and the worker never
// sends such a mail again (at most once, docs/mail.md).
import type { Db, Document } from 'mongodb';
import { counted, figure, type Figure } from './figures';
import type { ChaosMix } from './mix';
import type { Reference } from './reference';

interface SinkMail {
  envelopeTo: string[];
  text?: string;
}

export interface MailState {
  figures: Figure[];
  /** Every expected mail arrived or is settled otherwise, and no dispatch is pending. */
  settled: boolean;
  expected: number;
}

const LINK = /https:\/\/mypage\.example\.jp\/c\/([A-Za-z0-9_-]+)/;

export async function mailState(
  db: Db,
  mailApiUrl: string,
  mix: ChaosMix,
  ref: Reference,
  contacts: string,
): Promise<MailState> {
  const expected = new Map<string, string>();
  for (const [id, c] of ref.entities[contacts] ?? []) {
    const a = mix.accounts.get(mix.contactAccount.get(id) ?? '');
    if (a && c.valid === true && c.deleted !== true && c.answerStatus !== 'ANSWERED' && a.mailDelivery === 'ENABLED')
      expected.set(`${id}|${a.email}`, `${id}:${a.accountId}`);
  }
  const sink = (await (await fetch(`${mailApiUrl}/messages`)).json()) as SinkMail[];
  const received = new Map<string, number>();
  for (const m of sink) {
    const to = m.envelopeTo.filter((t) => t.toLowerCase().includes(mix.mailTag));
    if (to.length === 0) continue;
    const contactId = LINK.exec(m.text ?? '')?.[1] ?? '?';
    for (const t of to)
      received.set(`${contactId}|${t.toLowerCase()}`, (received.get(`${contactId}|${t.toLowerCase()}`) ?? 0) + 1);
  }
  const deliveries = new Map(
    (await db.collection<Document>('mail_deliveries').find({}).toArray()).map((d) => [
      `${String(d.contactId)}:${String(d.accountId)}`,
      String(d.status),
    ]),
  );
  const pending = await db.collection('mail_dispatches').countDocuments({ status: { $ne: 'DONE' } });
  const twice = [...received].filter(([, n]) => n > 1).map(([k]) => k);
  const unexpected = [...received.keys()].filter((k) => !expected.has(k));
  const missing = [...expected].filter(([k]) => !received.has(k));
  const inDoubt = missing.filter(([, d]) => deliveries.get(d) === 'IN_DOUBT');
  const lost = missing.filter(([, d]) => deliveries.get(d) !== 'IN_DOUBT');
  const count = (s: string): number => [...deliveries.values()].filter((v) => v === s).length;
  return {
    settled: lost.length === 0 && pending === 0,
    expected: expected.size,
    figures: [
      counted(
        'expected mails received by the SMTP sink',
        missing.map(([k]) => k),
        expected.size,
        'not received',
      ),
      figure('  of which not received and recorded IN_DOUBT (at most once: never resent)', inDoubt.length, true),
      figure('expected mails neither received nor in doubt', lost.length, lost.length === 0),
      figure('recipients mailed twice for one contact', twice.length, twice.length === 0),
      figure('mails nobody should have got', unexpected.length, unexpected.length === 0),
      figure(
        'deliveries SENT / IN_DOUBT / SKIPPED_STOPPED / FAILED',
        `${count('SENT')} / ${count('IN_DOUBT')} / ${count('SKIPPED_STOPPED')} / ${count('FAILED')}`,
        count('FAILED') === 0,
      ),
      figure('mail dispatches not DONE', pending, pending === 0),
    ],
  };
}
