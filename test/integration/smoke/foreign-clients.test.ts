// Guarantee: the stack's endpoints file is usable by clients nobody here wrote — a
// POSIX shell sources it, curl reads the registry and Python's smtplib delivers to
// the SMTP sink, which shows the message.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { currentEnvPointer, stackEnv } from '../../support/stack-env';

const envFile = readFileSync(currentEnvPointer, 'utf8').trim();
const sh = (script: string): string =>
  execFileSync('sh', ['-c', `set -a; . '${envFile}'; set +a; ${script}`], { encoding: 'utf8' });

test('curl lists the registry subjects', () => {
  expect(Array.isArray(JSON.parse(sh('curl -sf "$SCHEMA_REGISTRY_URL/subjects"')))).toBe(true);
});

test('python smtplib delivers a message the sink shows', async () => {
  const to = `smtplib-${Date.now()}@example.test`;
  sh(`python3 -c '
import os, smtplib
from email.message import EmailMessage
host, port = os.environ["SMTP_URL"].split("//")[1].split(":")
m = EmailMessage(); m["From"] = "a@example.test"; m["To"] = "${to}"; m["Subject"] = "from smtplib"; m.set_content("hi")
s = smtplib.SMTP(host, int(port)); s.send_message(m); s.quit()
'`);
  const mails = (await (await fetch(`${stackEnv().mailApiUrl}/messages`)).json()) as {
    envelopeTo: string[];
    subject?: string;
  }[];
  expect(mails.find((m) => m.envelopeTo.includes(to))?.subject).toBe('from smtplib');
});
