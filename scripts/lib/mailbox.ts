// The mail the local stack's SMTP sink captured (MAIL_API_URL), for the demo. With a
// configured SMTP server there is no such API: the demo then says where to look.

export interface CapturedMail {
  envelopeTo: string[];
  subject?: string;
  text?: string;
  receivedAt: string;
}

export async function capturedMail(apiUrl: string, recipients: readonly string[]): Promise<CapturedMail[]> {
  const all = (await (await fetch(`${apiUrl}/messages`)).json()) as CapturedMail[];
  return all.filter((m) => m.envelopeTo.some((to) => recipients.includes(to)));
}

/** Waits until every recipient has at least its expected count (or the time is up). */
export async function waitForMail(
  apiUrl: string,
  expected: Record<string, number>,
  timeoutMs: number,
): Promise<CapturedMail[]> {
  const recipients = Object.keys(expected);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = await capturedMail(apiUrl, recipients);
    const count = (to: string): number => mails.filter((m) => m.envelopeTo.includes(to)).length;
    if (recipients.every((to) => count(to) >= (expected[to] ?? 0)) || Date.now() > deadline) return mails;
    await new Promise((r) => setTimeout(r, 500));
  }
}
