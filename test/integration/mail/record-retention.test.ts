// Guarantee: the mail records (dispatches and per-address deliveries) are kept MAIL_RECORD_RETENTION_DAYS after their last write and then removed — by a TTL index where the database enforces one (mongod), by the worker's periodic purge where it does not (FerretDB v1) — and a contact whose records were purged is never mailed again.
import { MailScenario, eventually } from '../../support/mail-fixture';

const DAY = 86_400_000;
let s: MailScenario;
let ferret = false;
beforeAll(async () => {
  s = await MailScenario.open('retention');
  ferret = typeof (await s.db.admin().command({ buildInfo: 1 })).ferretdbVersion === 'string';
  await s.seedAccounts([{ accountId: 'A-1', personalId: 'P-1', email: s.address('kept') }]);
  await s.startWorker({ MAIL_RECORD_RETENTION_DAYS: '30', MAIL_PURGE_INTERVAL_MS: '1000' });
});
afterAll(async () => s.close());

test('records carry their expiry, expire by TTL or purge, and a purged contact is not mailed twice', async () => {
  const c = await s.seedContact({ personalId: 'P-1' });
  await s.approve(c);
  const d = await s.settled(c.contactId);
  const rec = await s.delivery(c.contactId, 'A-1');
  expect(rec).toMatchObject({ status: 'SENT' });
  expect(rec!.expiresAt).toBeInstanceOf(Date);
  expect(Math.abs(rec!.expiresAt.getTime() - (rec!.updatedAt + 30 * DAY))).toBeLessThan(1000);
  expect(d.expiresAt.getTime()).toBe(d.settledAt + 30 * DAY);

  for (const name of ['mail_deliveries', 'mail_dispatches']) {
    const index = (await s.db.collection(name).indexes()).find((i) => i.key.expiresAt === 1);
    // FerretDB v1 refuses TTL indexes: a plain index serves the purge. mongod removes expired records itself.
    expect(index).toMatchObject(
      ferret ? { name: 'expiresAt_purge' } : { name: 'expiresAt_ttl', expireAfterSeconds: 0 },
    );
  }

  // A pending dispatch never expires; the settled one and its record are due now (as if 30 days had passed).
  await s.db.collection('mail_dispatches').insertOne({
    _id: 'C-pending' as never,
    contactId: 'C-pending',
    status: 'PENDING',
    dueAt: Date.now() + DAY,
    leaseUntil: 0,
    expiresAt: null,
  });
  const past = new Date(Date.now() - 1000);
  await s.db.collection('mail_deliveries').updateMany({ contactId: c.contactId }, { $set: { expiresAt: past } });
  await s.db.collection('mail_dispatches').updateOne({ _id: c.contactId as never }, { $set: { expiresAt: past } });
  if (ferret) {
    await eventually(
      'the purge',
      async () => (await s.dispatch(c.contactId)) === null && (await s.deliveries(c.contactId)).length === 0,
      15_000,
    );
    expect(await s.dispatch('C-pending')).toMatchObject({ status: 'PENDING' });
  }

  // Purged or not, a repeated approval event does not mail the contact again: its record says it was settled.
  await s.db.collection('mail_dispatches').deleteOne({ _id: c.contactId as never });
  await s.db.collection('mail_deliveries').deleteMany({ contactId: c.contactId });
  await s.approve(c);
  expect(await s.settled(c.contactId)).toMatchObject({ halted: 'ALREADY_SETTLED', approvedAt: null, summary: {} });
  expect(await s.mailsTo(s.address('kept'))).toHaveLength(1);
});
