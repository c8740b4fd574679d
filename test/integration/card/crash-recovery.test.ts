// Guarantee: a worker killed (SIGKILL) at any step of a chunk — inside the bulk
// write of entities, between it and the processed-requests write, inside that
// write, or between it and the Kafka commit — loses nothing and doubles nothing:
// after a restart every request has exactly one committed reply and every effect
// is applied once.
import { appliedRequestIds } from '@workers/runtime';
import type { CardRecord } from '../../../services/card-worker/src/domain/types';
import { CardScenario, activate, newCardNumber, register, type CardRequestInput } from '../../support/card-fixture';

const POINTS = ['mid-entities', 'after-entities', 'mid-records', 'after-records'] as const;

test.each(POINTS)('SIGKILL at %s → one effect and one reply per request', async (point) => {
  const s = await CardScenario.open(`crash-${point}`, 2);
  try {
    // Register and activate 30 cards; the crashing request sits among them, so its
    // chunk writes many cards (a mid-write crash leaves some written, some not).
    const cards = Array.from({ length: 30 }, (_, i) => `${newCardNumber()}${i}`);
    const reqs: CardRequestInput[] = [
      ...cards.map((c, i) => register(i === 7 ? 'crash-reg' : `reg-${i}`, c)),
      ...cards.map((c, i) => activate(`act-${i}`, c, '+48600100200')),
    ];
    await s.sendAll(reqs);
    const first = await s.startWorker({ TEST_CRASH_POINT: point });
    expect((await first.exited).signal).toBe('SIGKILL');
    const early = s.replyCounts();

    await s.startWorker();
    await s.replies.waitFor((rs) => new Set(rs.map((r) => r.value.requestId)).size >= reqs.length, 60_000);
    await new Promise((r) => setTimeout(r, 1500)); // room for a duplicate to show up, if any

    const counts = s.replyCounts();
    expect(counts.size).toBe(reqs.length);
    expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(early.get('crash-reg')).toBeUndefined();
    for (const r of s.replies.received) expect(r.value.messageCode).toBe('Success');
    const docs = await s.db
      .collection<CardRecord & { _id: string; _rev: number; _marks: string }>('cards')
      .find({})
      .toArray();
    expect(docs).toHaveLength(cards.length);
    for (const d of docs) {
      expect(d).toMatchObject({ customer: { active: true }, card: { state: 'ACTIVE' } });
      const ids = appliedRequestIds(d);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(2);
    }
  } finally {
    await s.close();
  }
});
