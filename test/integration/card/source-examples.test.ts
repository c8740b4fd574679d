// Guarantee: every request example of the Polish source document, sent as ALCS would send it (Avro through the registry, keyed by card number), is answered by the card worker exactly as the document says: status, MessageCode, its Polish message, and a 32-hex CustomerId on registration.
import { sourceExamples, sourceRequest } from '../../support/alcs-source';
import { CardScenario } from '../../support/card-fixture';

let s: CardScenario;
beforeAll(async () => {
  s = await CardScenario.open('source');
  await s.startWorker();
});
afterAll(async () => s.close());

test("the document's story on card 99419283746389, one request at a time", async () => {
  const examples = sourceExamples();
  for (const [i, ex] of examples.entries()) {
    const requestId = `source-${i}-${ex.file}`;
    const answer = await s.client.startEnvelope({ ...sourceRequest(ex, requestId), requestId }).answer;
    const reply = await s.reply(requestId);
    expect(answer.code).toBe(reply.messageCode);
    expect({ file: ex.file, status: reply.status, messageCode: reply.messageCode, details: reply.details }).toEqual({
      file: ex.file,
      status: ex.expect.status,
      messageCode: ex.expect.messageCode,
      details: [],
    });
    if (ex.expect.message) expect(reply.message).toBe(ex.expect.message);
    if (ex.expect.customerId) expect(reply.customerId).toMatch(/^[0-9a-f]{32}$/);
  }
  const card = await s.db.collection('cards').findOne({ _id: '99419283746389' as never });
  expect(card).toMatchObject({
    customer: { active: true, gender: 'M' },
    card: { state: 'LOCKED' },
  });
  expect(await s.phoneOf('99419283746389')).toBe('+48123456789');
  expect(
    card!.wallets.map((w: { id: string; version: string; balance: bigint }) => [w.id, w.version, w.balance]),
  ).toEqual([
    ['Strickers2016', 'abc', 1000n],
    ['SomethingElse', 'xyz', 0n],
  ]);
});
