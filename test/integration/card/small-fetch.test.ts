// Guarantee: a fetch size below the size of one request still delivers every request in
// order (the broker returns at least one whole record batch of a partition, KIP-74), so
// KAFKA_FETCH_MAX_BYTES_PER_PARTITION bounds the memory a worker holds without ever
// stalling a partition on a request larger than it.
import { CardScenario, changePhone, newCardNumber, register } from '../../support/card-fixture';

let s: CardScenario;
beforeAll(async () => {
  s = await CardScenario.open('smallfetch', 2);
  await s.startWorker({ KAFKA_FETCH_MAX_BYTES_PER_PARTITION: '64' });
});
afterAll(async () => s.close());

test('requests each larger than the fetch size are all answered, each card ending with its last phone', async () => {
  const cards = Array.from({ length: 4 }, (_, i) => newCardNumber() + i);
  for (const [i, c] of cards.entries()) await s.send(register(`sf-reg-${i}`, c));
  const phone = (n: number): string => `+4860130${String(n).padStart(4, '0')}`;
  for (let n = 0; n < 5; n++) {
    for (const [i, c] of cards.entries()) await s.send(changePhone(`sf-${i}-${n}`, c, phone(i * 10 + n)));
  }
  await s.replies.waitFor((rs) => rs.length >= cards.length * 6, 60_000);
  expect(s.replies.received.every((r) => r.value.messageCode === 'Success')).toBe(true);
  for (const [i, c] of cards.entries()) {
    expect(await s.phoneOf(c)).toBe(phone(i * 10 + 4));
  }
});
