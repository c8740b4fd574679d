// The ProcessedStore contract, one suite run against the in-memory store and
// against MongoDB/FerretDB: records keyed by (topic, requestId), the first stored
// record of a key wins, expired records are purged.
import type { ProcessedRecord, ProcessedStore } from '@workers/runtime';

const record = (topic: string, requestId: string, over: Partial<ProcessedRecord> = {}): ProcessedRecord => ({
  requestId,
  topic,
  contentHash: 'h1',
  reply: { requestId, messageCode: 'Success', status: 200, details: [], n: null },
  replyTopic: `${topic}.replies`,
  events: [{ topic: 'e', key: 'k', value: { eventId: 'x', amount: 12n } }],
  origin: { topic, partition: 2, offset: '17' },
  key: 'k-1',
  processedAt: new Date(1_000),
  expiresAt: new Date(10_000),
  ...over,
});

export function processedStoreContract(name: string, make: () => Promise<ProcessedStore>): void {
  describe(`${name} keeps the ProcessedStore contract`, () => {
    let store: ProcessedStore;
    beforeEach(async () => {
      store = await make();
    });

    it('stores and reads back records by (topic, requestId); the same requestId on another topic is another record', async () => {
      const a = record('alcs.card.requests', 'r-1');
      const b = record('crm.contact.requests', 'r-1', { contentHash: 'h2' });
      await store.putMany([a, b]);
      const got = await store.getMany([
        { topic: 'alcs.card.requests', requestId: 'r-1' },
        { topic: 'crm.contact.requests', requestId: 'r-1' },
        { topic: 'x', requestId: 'r-1' },
      ]);
      expect(got.size).toBe(2);
      expect(got.get('alcs.card.requests|r-1')).toEqual(a);
      expect(got.get('crm.contact.requests|r-1')?.contentHash).toBe('h2');
    });

    it('the first record of a key wins: a later put returns the stored one', async () => {
      await store.putMany([record('t', 'r-1')]);
      const again = await store.putMany([record('t', 'r-1', { contentHash: 'other' }), record('t', 'r-2')]);
      expect(again.get('t|r-1')?.contentHash).toBe('h1');
      expect(again.get('t|r-2')?.contentHash).toBe('h1');
      expect((await store.getMany([{ topic: 't', requestId: 'r-1' }])).get('t|r-1')?.contentHash).toBe('h1');
    });

    it('purges what expired, and only that', async () => {
      await store.putMany([
        record('t', 'old', { expiresAt: new Date(5_000) }),
        record('t', 'new', { expiresAt: new Date(50_000) }),
      ]);
      expect(await store.purgeExpired(new Date(10_000))).toBe(1);
      expect([
        ...(
          await store.getMany([
            { topic: 't', requestId: 'old' },
            { topic: 't', requestId: 'new' },
          ])
        ).keys(),
      ]).toEqual(['t|new']);
    });
  });
}
