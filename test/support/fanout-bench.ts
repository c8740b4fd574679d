// The broadcast fan-out rate, measured for a benchmark (never asserted by a test): a
// fresh database with `accounts` accounts (every 7th STOPPED), one approved ALL
// contact, the compiled mail worker (services/mail-worker/dist/main.js, as production
// runs it: `npm run build` first) with MAIL_RATE_PER_SEC at `ratePerSec`, mailing
// into the stack's SMTP sink. The rate is the sink's: mails received from the first to
// the last, (count − 1) / seconds. Unless `workerEnv` says otherwise the worker runs
// with 20 SMTP connections (each mail holds one for several ms of SMTP round trips, so
// 5, the default, caps the rate first) and pages of 500 accounts. Reuses the test
// helpers, which read the endpoints from process.env, so the given stack env is
// copied there first.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@workers/devstack';
import { fanOutRate, mailsPerAddress, seedBroadcast } from './mail-broadcast';
import { MailScenario } from './mail-fixture';

/** The worker's settings for the measurement, besides the rate. */
export const BENCH_ENV = { SMTP_MAX_CONNECTIONS: '20', MAIL_PAGE_SIZE: '500' };

export interface FanOutOptions {
  /** Accounts seeded (default 5000); about 6 in 7 are mailed. */
  accounts?: number;
  /** MAIL_RATE_PER_SEC (default 1000). */
  ratePerSec?: number;
  /** More mail-worker variables (e.g. SMTP_MAX_CONNECTIONS, MAIL_PAGE_SIZE). */
  workerEnv?: Record<string, string>;
  /** How long the broadcast may take before the measurement fails (default 10 min). */
  timeoutMs?: number;
}

export interface FanOutResult {
  accounts: number;
  /** Mails the sink received for this broadcast. */
  mailed: number;
  /** Addresses that got more than one mail (must be 0). */
  duplicates: number;
  ratePerSec: number;
  /** First to last mail received. */
  seconds: number;
  mailsPerSec: number;
  /** Approval event produced → dispatch DONE (includes the worker's paging and settling). */
  settledSeconds: number;
}

/** `stack`: the endpoints `npm run stack -- up` writes to .stack/env (KAFKA_BROKERS, MONGODB_URI, SMTP_URL, MAIL_API_URL, …). */
export async function measureFanOut(stack: Record<string, string>, o: FanOutOptions = {}): Promise<FanOutResult> {
  const main = join(repoRoot, 'services', 'mail-worker', 'dist', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
  Object.assign(process.env, stack);
  const n = o.accounts ?? 5000;
  const ratePerSec = o.ratePerSec ?? 1000;
  const s = await MailScenario.open('fanout');
  try {
    const { enabled, contact } = await seedBroadcast(s, n, { linkUrl: null });
    const w = await s.startWorker({ MAIL_RATE_PER_SEC: String(ratePerSec), ...BENCH_ENV, ...o.workerEnv }, { compiled: true });
    const approvedAt = Date.now();
    await s.approve(contact);
    const d = await s.settled(contact.contactId, o.timeoutMs ?? 600_000);
    const settledSeconds = (Number(d.settledAt) - approvedAt) / 1000;
    await w.stop();
    const mails = await s.mails(true);
    const { perSec, seconds } = fanOutRate(mails);
    const duplicates = [...mailsPerAddress(mails).values()].filter((c) => c > 1).length;
    if (mails.length !== enabled.length) throw new Error(`the sink got ${mails.length} mails for ${enabled.length} enabled accounts`);
    return { accounts: n, mailed: mails.length, duplicates, ratePerSec, seconds, mailsPerSec: perSec, settledSeconds };
  } finally {
    await s.close();
  }
}
