// Guarantee: the local SMTP sink is a real SMTP server — nodemailer delivers to it
// over SMTP and the message can be read back with its envelope, subject and body.
import nodemailer from 'nodemailer';
import { stackEnv } from '../../support/stack-env';

interface Captured {
  envelopeTo: string[];
  subject?: string;
  text?: string;
  messageId?: string;
}

test('nodemailer → SMTP sink → read back', async () => {
  const { smtpUrl, mailApiUrl } = stackEnv();
  const transport = nodemailer.createTransport(smtpUrl);
  const to = `smoke-${Date.now()}@example.test`;
  const info = await transport.sendMail({
    from: 'noreply@example.test',
    to,
    subject: '新しいお知らせ',
    text: 'マイページをご確認ください。',
  });
  transport.close();
  expect(info.accepted).toEqual([to]);

  const res = await fetch(`${mailApiUrl}/messages`);
  const mails = (await res.json()) as Captured[];
  const mine = mails.find((m) => m.envelopeTo.includes(to));
  expect(mine).toMatchObject({ subject: '新しいお知らせ', messageId: info.messageId });
  expect(mine?.text).toContain('マイページ');
});

test('a permanent SMTP rejection reaches the sender as a 5xx', async () => {
  const transport = nodemailer.createTransport(stackEnv().smtpUrl);
  await expect(
    transport.sendMail({ from: 'noreply@example.test', to: 'reject-me@example.test', subject: 'x', text: 'x' }),
  ).rejects.toMatchObject({ responseCode: 550 });
  transport.close();
});
