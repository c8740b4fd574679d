// The generation a member joined in is kept by member id after each join (kafkajs keeps it on
// its ConsumerGroup only); a member id the group replaced is forgotten.
import { generationOf, recordGroupGenerations } from '../src/kafka/group-generation';

test('each join records the generation of the member id it ended with', async () => {
  const join = Symbol('private:ConsumerGroup:join');
  let next: { memberId: string; generationId: number } = { memberId: 'a', generationId: 4 };
  const proto = {
    async [join](this: { memberId: string | null; generationId: number | null }) {
      this.memberId = next.memberId;
      this.generationId = next.generationId;
    },
  };
  recordGroupGenerations(proto);
  recordGroupGenerations(proto); // idempotent
  const group = Object.assign(Object.create(proto), { memberId: null, generationId: null });
  await group[join]();
  expect(generationOf('a')).toBe(4);
  next = { memberId: 'a', generationId: 5 };
  await group[join]();
  expect(generationOf('a')).toBe(5);
  next = { memberId: 'b', generationId: 6 };
  await group[join]();
  expect(generationOf('b')).toBe(6);
  expect(generationOf('a')).toBeUndefined();
});

test("kafkajs's ConsumerGroup has the join it patches", () => {
  expect(() => recordGroupGenerations()).not.toThrow();
});
