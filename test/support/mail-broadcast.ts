// Helpers of the broadcast scenarios: a population of accounts (every 7th STOPPED)
// with an ALL contact, mails counted per address, and the fan-out rate measured
// from the sink's receive times.
import type { CapturedMail, ContactDoc, MailScenario } from './mail-fixture';

export interface SeedAccount {
  accountId: string;
  personalId: string;
  email: string;
  mailDelivery: 'ENABLED' | 'STOPPED';
}

/** Seeds `n` accounts (every 7th STOPPED) and an ALL contact; returns them and the enabled ones. */
export async function seedBroadcast(
  s: MailScenario,
  n: number,
  contact: Partial<ContactDoc> = {},
): Promise<{ accounts: SeedAccount[]; enabled: SeedAccount[]; stopped: SeedAccount[]; contact: ContactDoc }> {
  const accounts: SeedAccount[] = Array.from({ length: n }, (_, i) => {
    const id = String(i).padStart(4, '0');
    return {
      accountId: `A-${id}`,
      personalId: `P-${id}`,
      email: s.address(`all${id}`),
      mailDelivery: i % 7 === 3 ? 'STOPPED' : 'ENABLED',
    };
  });
  await s.seedAccounts(accounts);
  const c = await s.seedContact({ audience: 'ALL', personalId: null, ...contact });
  return {
    accounts,
    enabled: accounts.filter((a) => a.mailDelivery === 'ENABLED'),
    stopped: accounts.filter((a) => a.mailDelivery === 'STOPPED'),
    contact: c,
  };
}

/** How many mails each envelope recipient got. */
export function mailsPerAddress(mails: CapturedMail[]): Map<string, number> {
  const per = new Map<string, number>();
  for (const m of mails) for (const t of m.envelopeTo) per.set(t, (per.get(t) ?? 0) + 1);
  return per;
}

/** Mails per second between the first and the last received (count − 1 intervals). */
export function fanOutRate(mails: CapturedMail[]): { perSec: number; seconds: number } {
  const times = mails.map((m) => Date.parse(m.receivedAt)).sort((a, b) => a - b);
  const seconds = times.length > 1 ? (times[times.length - 1]! - times[0]!) / 1000 : 0;
  return { perSec: seconds > 0 ? (times.length - 1) / seconds : 0, seconds };
}
