// A mail composed once and re-addressed per recipient reads exactly as one composed
// for that recipient: same headers, subject and bodies; addresses a header cannot
// carry as they are fall back to normal composition.
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { CompiledMails } from '../../src/smtp/nodemailer-sender';
import { renderMail } from '../../src/messages/mail';

const FROM = '"マイページ" <noreply@mypage.example.jp>';
const content = renderMail('ACTION_REQUEST', 'https://mypage.example.jp/identity?c=1&t=2', 'ja_JP');
const date = new Date(Date.UTC(2026, 10, 30, 7, 0, 0));

const direct = (to: string, messageId: string): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    new MailComposer({ from: FROM, to, messageId, date, ...content })
      .compile()
      .build((err, m) => (err ? reject(err) : resolve(m))),
  );

it('reads as the mail composed for that recipient', async () => {
  const mails = new CompiledMails(FROM);
  for (const [to, id] of [
    ['hanako.yamada+tag@example.co.jp', '<contact.1@example.jp>'],
    ['a@b.test', '<contact.2@example.jp>'],
  ] as const) {
    const raw = await mails.render(content, to, id, date);
    expect(raw).not.toBeNull();
    const [got, want] = await Promise.all([simpleParser(raw!), simpleParser(await direct(to, id))]);
    expect({
      to: got.to,
      from: got.from,
      subject: got.subject,
      messageId: got.messageId,
      date: got.date,
      text: got.text,
      html: got.html,
    }).toEqual({
      to: want.to,
      from: want.from,
      subject: want.subject,
      messageId: want.messageId,
      date: want.date,
      text: want.text,
      html: want.html,
    });
    expect(got.messageId).toBe(id);
    expect(got.subject).toBe('【マイページ】ご対応をお願いする事項があります');
  }
});

it('composes once per content (whatever else the mail object carries)', async () => {
  const mails = new CompiledMails(FROM);
  const a = await mails.render(
    { ...content, to: 'a@b.test', messageId: '<1@x>' } as typeof content,
    'a@b.test',
    '<1@x>',
    date,
  );
  const b = await mails.render(
    { ...content, to: 'c@d.test', messageId: '<2@x>' } as typeof content,
    'c@d.test',
    '<2@x>',
    date,
  );
  expect(String(b)).toContain('\r\nTo: c@d.test\r\n');
  // The same MIME boundary: one composition served both.
  const boundary = (m: Buffer | null): string | undefined => /boundary="([^"]+)"/.exec(String(m))?.[1];
  expect(boundary(a)).toBeDefined();
  expect(boundary(a)).toBe(boundary(b));
});

it('leaves addresses that need header encoding to normal composition', async () => {
  const mails = new CompiledMails(FROM);
  for (const to of ['山田@example.jp', 'a b@example.jp', '"x"@example.jp', 'a@b.test\r\nBcc: c@d.test'])
    expect(await mails.render(content, to, '<1@x>')).toBeNull();
});
