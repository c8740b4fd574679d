// Guarantee: on the real database, a processed request is kept until it expires
// (PROCESSED_RETENTION_DAYS after it was answered) and is then removed by the
// worker's periodic purge, since FerretDB v1 has no TTL index (on mongod the TTL
// index removes it as well).
import { CardScenario, newCardNumber, register } from '../../support/card-fixture';

let s: CardScenario;
beforeAll(async () => {
  s = await CardScenario.open('retention', 1);
  await s.startWorker({ PROCESSED_PURGE_INTERVAL_MS: '300', PROCESSED_RETENTION_DAYS: '8' });
});
afterAll(async () => s.close());

test('a record expires PROCESSED_RETENTION_DAYS after its reply, and the purge removes it once expired', async () => {
  await s.send(register('keep-1', newCardNumber()));
  await s.send(register('age-1', newCardNumber()));
  await s.reply('keep-1');
  await s.reply('age-1');
  const coll = s.db.collection<{ _id: string; processedAt: Date; expiresAt: Date }>('processed_requests');
  const kept = await coll.findOne({ _id: `${s.topics.requests}|keep-1` });
  expect(kept!.expiresAt.getTime() - kept!.processedAt.getTime()).toBe(8 * 86_400_000);
  // Age one record past its expiry, as eight days would.
  await coll.updateOne({ _id: `${s.topics.requests}|age-1` }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
  const deadline = Date.now() + 15_000;
  while ((await coll.countDocuments({ _id: `${s.topics.requests}|age-1` })) > 0) {
    if (Date.now() > deadline) throw new Error('the expired record was not purged');
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(await coll.countDocuments({ _id: `${s.topics.requests}|keep-1` })).toBe(1);
});
