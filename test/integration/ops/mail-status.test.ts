// Guarantee: `ops mail-status` lists what was mailed to an account or for a contact (配信の状態) — each mail with its contact, audience, status (SENT, DEFERRED, FAILED, SKIPPED_* with its reason, SCHEDULED for what is still to come), attempts, times and Message-ID — as a table or JSON lines, and shows no e-mail address unless asked with the keys configured.
import { jsonLines, runCli } from '../../support/cli-process';
import { MailScenario, eventually } from '../../support/mail-fixture';
import { TEST_KEYS } from '../../support/test-keys';

let s: MailScenario;
beforeAll(async () => {
  s = await MailScenario.open('status');
  await s.startWorker({ MAIL_RETRY_BASE_MS: '600000', MAIL_RETRY_MAX_MS: '600000' });
});
afterAll(async () => s.close());

type Row = {
  contactId: string;
  audience: string;
  accountId: string | null;
  sharedWith: string[];
  status: string;
  reason: string | null;
  attempts: number;
  sentAt: string | null;
  nextAttemptAt: string | null;
  messageId: string | null;
  address?: string | null;
};
const NO_KEYS = { EMAIL_KEY: '', EMAIL_HASH_KEY: '', EMAIL_PREVIOUS_KEYS: '' };
const status = (args: string[], env: Record<string, string> = NO_KEYS) =>
  runCli(['mail-status', ...args], { env: { MONGODB_DB: s.env.MONGODB_DB!, ...env } });

test('per account and per contact, as JSON lines and a table; addresses only on request, with the keys', async () => {
  const shared = s.address('family');
  await s.seedAccounts([
    { accountId: 'A-1', personalId: 'P-1', email: shared },
    { accountId: 'A-2', personalId: 'P-2', email: shared },
    { accountId: 'A-3', personalId: 'P-3', email: s.address('stopped'), mailDelivery: 'STOPPED' },
    { accountId: 'A-4', personalId: 'P-4', email: s.address('tempfail') },
    { accountId: 'A-5', personalId: 'P-5', email: s.address('reject') },
  ]);
  const all = await s.seedContact({ contactId: 'ALL-1', audience: 'ALL', personalId: null, createdAt: Date.now() });
  const mine = await s.seedContact({ contactId: 'K-1', personalId: 'P-1' });
  const later = await s.seedContact({ contactId: 'L-1', personalId: 'P-1', publishAt: Date.now() + 3_600_000 });
  for (const c of [all, mine, later]) await s.approve(c);
  await s.settled(mine.contactId);
  await eventually("the broadcast's four records, one deferred", async () => {
    const ds = await s.deliveries(all.contactId);
    return ds.length === 4 && ds.some((d) => d.status === 'RETRY');
  });
  await eventually('the later contact scheduled', async () => (await s.dispatch(later.contactId))?.dueAt > Date.now());

  const byContact = await status(['--contact', 'ALL-1', '--json']);
  expect(byContact.code).toBe(0);
  const rows = jsonLines<Row>(byContact.stdout);
  expect(rows.map((r) => [r.accountId, r.status]).sort()).toEqual([
    ['A-1', 'SENT'],
    ['A-3', 'SKIPPED_STOPPED'],
    ['A-4', 'DEFERRED'],
    ['A-5', 'FAILED'],
  ]);
  expect(rows.find((r) => r.status === 'SENT')).toMatchObject({
    audience: 'ALL',
    sharedWith: ['A-2'],
    attempts: 1,
    messageId: expect.stringMatching(/^<contact\./),
    sentAt: expect.stringMatching(/Z$/),
  });
  expect(rows.find((r) => r.status === 'SKIPPED_STOPPED')).toMatchObject({
    reason: 'mail delivery stopped (配信停止)',
    attempts: 0,
  });
  expect(rows.find((r) => r.status === 'DEFERRED')).toMatchObject({
    reason: expect.stringMatching(/^451/),
    nextAttemptAt: expect.stringMatching(/Z$/),
  });
  expect(rows.find((r) => r.status === 'FAILED')).toMatchObject({ reason: expect.stringMatching(/^550/) });

  const byAccount = jsonLines<Row>((await status(['--account', 'A-1', '--json'])).stdout);
  expect(byAccount.map((r) => [r.contactId, r.status]).sort()).toEqual([
    ['ALL-1', 'SENT'],
    ['K-1', 'SENT'],
    ['L-1', 'SCHEDULED'],
  ]);
  expect(byAccount.find((r) => r.contactId === 'L-1')).toMatchObject({
    audience: 'PERSON',
    accountId: null,
    nextAttemptAt: expect.stringMatching(/Z$/),
  });
  // A-2 shares A-1's address: the broadcast reached it through A-1's mail.
  expect(jsonLines<Row>((await status(['--account', 'A-2', '--json'])).stdout)).toEqual([
    expect.objectContaining({ contactId: 'ALL-1', accountId: 'A-1', sharedWith: ['A-2'], status: 'SENT' }),
  ]);

  const table = await status(['--contact', 'ALL-1']);
  expect(table.stdout).toContain('SKIPPED_STOPPED');
  expect(table.stdout).toContain('4 mail(s)');
  for (const out of [byContact.stdout, table.stdout]) expect(out).not.toContain(s.tag);

  const noKeys = await status(['--account', 'A-1', '--show-address']);
  expect(noKeys.code).toBe(2);
  expect(noKeys.stderr).toContain('--show-address needs the e-mail keys');
  const withKeys = jsonLines<Row>((await status(['--account', 'A-1', '--show-address', '--json'], TEST_KEYS)).stdout);
  expect(withKeys.map((r) => [r.contactId, r.address]).sort()).toEqual([
    ['ALL-1', shared],
    ['K-1', shared],
    ['L-1', null],
  ]);

  expect((await status([])).code).toBe(2);
});
