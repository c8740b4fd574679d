// Guarantee: requests with the same key are applied in the order they were sent,
// while other keys are processed alongside them.
import { CardScenario, changePhone, newCardNumber, register } from '../../support/card-fixture';

let s: CardScenario;
beforeAll(async () => {
  s = await CardScenario.open('order', 2);
  await s.startWorker({ MAX_CHUNK_MESSAGES: '8' });
});
afterAll(async () => s.close());

test('20 phone changes per card on 5 cards, interleaved → each card ends with its last number, replies in send order', async () => {
  const cards = Array.from({ length: 5 }, (_, i) => newCardNumber() + i);
  for (const [i, c] of cards.entries()) await s.send(register(`ord-reg-${i}`, c));
  await s.replies.waitFor((rs) => rs.length >= cards.length);
  const phone = (n: number): string => `+4860120${String(n).padStart(4, '0')}`;
  for (let n = 0; n < 20; n++) {
    for (const [i, c] of cards.entries()) await s.send(changePhone(`ord-${i}-${n}`, c, phone(i * 100 + n)));
  }
  await s.replies.waitFor((rs) => rs.length >= cards.length * 21, 60_000);
  for (const [i, c] of cards.entries()) {
    expect(await s.phoneOf(c)).toBe(phone(i * 100 + 19));
    const order = s.replies.received
      .filter((r) => r.key === c && r.value.operation === 'ChangePhoneNumber')
      .map((r) => r.value.requestId);
    expect(order).toEqual(Array.from({ length: 20 }, (_, n) => `ord-${i}-${n}`));
  }
});
