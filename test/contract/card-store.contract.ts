// The CardStore contract, one suite for every implementation: the in-memory store
// the handler unit tests use and the MongoDB store the worker runs on. A store
// passing it gives the handlers what they rely on: unknown → null, one insert per
// card number, writes conditional on the revision, applied marks kept in order and
// trimmed to MARKS_KEPT, bigint money preserved, copies in and out.
import { randomBytes } from 'node:crypto';
import { MARKS_KEPT, type AppliedMark, type CardStore } from '../../services/card-worker/src/store/card-store';
import type { CardRecord } from '../../services/card-worker/src/domain/types';

const T0 = Date.UTC(2024, 0, 1);
const PIN = '3f729ea140a769400985ade930f695452cf622fd0dd3ca69218319333ca2386c';
const base = randomBytes(4).readUInt32BE(0) % 1_000_000_000;
let seq = 0;

/** A card number no other test of this run uses (letters and digits, ≤ 32). */
const newCardNumber = (): string => `${base}${String(++seq).padStart(4, '0')}`;
const newCustomerId = (): string => randomBytes(16).toString('hex');
const mark = (requestId: string): AppliedMark => ({ requestId, code: 'Success' });

function cardRecord(over: Partial<CardRecord> = {}): CardRecord {
  return {
    cardNumber: newCardNumber(),
    customerId: newCustomerId(),
    customer: { active: false, phoneE164: '+48600100200', gender: 'F' },
    card: { state: 'WAITING_FOR_ACTIVATION' },
    cardPinHmac: PIN,
    wallets: [
      // The largest decimal(18,2) amount: beyond 2^53, so a number would lose it.
      { id: 'Stickers2016', balance: 10n ** 18n - 1n, stat: { lost: 22n, transferredOut: 13200n, transferredIn: 912n, issued: 19922n }, version: 'abc' },
      { id: 'SomethingElse', balance: 0n, stat: { lost: 0n, transferredOut: 0n, transferredIn: null, issued: null }, version: 'xyz' },
    ],
    registeredBy: { posId: null, posNumber: '5', posOperatorId: 'b614f1dbda36454b970b4e1d409f4b01', posOperatorNumber: 23, siteId: '2345' },
    createdAt: T0,
    updatedAt: T0,
    revision: 1,
    ...over,
  };
}

/** `r` changed as a rule would: a new state, revision + 1. */
function next(r: CardRecord, over: Partial<CardRecord> = {}): CardRecord {
  return { ...r, updatedAt: r.updatedAt + 1000, revision: r.revision + 1, ...over };
}

export function cardStoreContract(name: string, make: () => Promise<CardStore>, cleanup?: () => Promise<void>): void {
  describe(`CardStore contract: ${name}`, () => {
    let store: CardStore;

    beforeEach(async () => {
      store = await make();
    });

    if (cleanup) afterAll(cleanup);

    it('finds nothing for an unknown card number', async () => {
      expect(await store.find(newCardNumber())).toBeNull();
    });

    it('returns an inserted record as written, bigint money included, with its applied mark', async () => {
      const r = cardRecord();
      expect(await store.insert(r, mark('req-1'))).toBe('inserted');
      const found = await store.find(r.cardNumber);
      expect(found).toEqual({ record: r, applied: [mark('req-1')] });
      const w = found!.record.wallets[0]!;
      expect(typeof w.balance).toBe('bigint');
      expect(w.balance).toBe(10n ** 18n - 1n);
      expect(typeof w.stat.issued).toBe('bigint');
      expect(found!.record.wallets[1]!.stat.transferredIn).toBeNull();
      expect(w.version).toBe('abc');
      expect(typeof found!.record.createdAt).toBe('number');
      expect(typeof found!.record.revision).toBe('number');
    });

    it('keeps a record with no phone (null) as null', async () => {
      const r = cardRecord({ customer: { active: false, phoneE164: null, gender: 'U' } });
      await store.insert(r, mark('req-1'));
      expect((await store.find(r.cardNumber))!.record.customer.phoneE164).toBeNull();
    });

    it("answers 'exists' to a second insert of the same card number and keeps the first record", async () => {
      const r = cardRecord();
      await store.insert(r, mark('req-1'));
      const again = cardRecord({ cardNumber: r.cardNumber, customer: { active: true, phoneE164: null, gender: 'M' } });
      expect(await store.insert(again, mark('req-2'))).toBe('exists');
      expect(await store.find(r.cardNumber)).toEqual({ record: r, applied: [mark('req-1')] });
    });

    it("answers 'exists' to another card with a customerId already taken (customerId is unique)", async () => {
      const r = cardRecord();
      await store.insert(r, mark('req-1'));
      const other = cardRecord({ customerId: r.customerId });
      expect(await store.insert(other, mark('req-2'))).toBe('exists');
      expect(await store.find(other.cardNumber)).toBeNull();
    });

    it('replaces a record at the expected revision and appends the mark', async () => {
      const r = cardRecord();
      await store.insert(r, mark('req-1'));
      const n = next(r, { customer: { ...r.customer, active: true }, card: { state: 'ACTIVE' } });
      expect(await store.replace(n, 1, mark('req-2'))).toBe(true);
      expect(await store.find(r.cardNumber)).toEqual({ record: n, applied: [mark('req-1'), mark('req-2')] });
      const n3 = next(n, { card: { state: 'LOCKED' } });
      expect(await store.replace(n3, 2, mark('req-3'))).toBe(true);
      expect(await store.find(r.cardNumber)).toEqual({ record: n3, applied: [mark('req-1'), mark('req-2'), mark('req-3')] });
    });

    it('refuses a replace at a stale revision and changes nothing', async () => {
      const r = cardRecord();
      await store.insert(r, mark('req-1'));
      const n = next(r, { card: { state: 'ACTIVE' } });
      await store.replace(n, 1, mark('req-2'));
      // A writer that read revision 1 lost the race.
      expect(await store.replace(next(r, { card: { state: 'LOCKED' } }), 1, mark('req-3'))).toBe(false);
      expect(await store.find(r.cardNumber)).toEqual({ record: n, applied: [mark('req-1'), mark('req-2')] });
    });

    it('refuses a replace of an unknown card and creates nothing', async () => {
      const r = next(cardRecord());
      expect(await store.replace(r, 1, mark('req-1'))).toBe(false);
      expect(await store.find(r.cardNumber)).toBeNull();
    });

    it(`keeps only the last ${MARKS_KEPT} applied marks, in order`, async () => {
      expect(MARKS_KEPT).toBe(20);
      let r = cardRecord();
      await store.insert(r, mark('req-0'));
      for (let i = 1; i <= 25; i++) {
        const n = next(r, { customer: { ...r.customer, phoneE164: `+486001002${String(i).padStart(2, '0')}` } });
        expect(await store.replace(n, r.revision, mark(`req-${i}`))).toBe(true);
        r = n;
      }
      const found = await store.find(r.cardNumber);
      expect(found!.record).toEqual(r);
      expect(found!.record.revision).toBe(26);
      expect(found!.applied).toEqual(Array.from({ length: MARKS_KEPT }, (_, k) => mark(`req-${k + 6}`)));
    });

    it('keeps its own copy: changing a record after insert or after find changes nothing stored', async () => {
      const r = cardRecord();
      const stored = structuredClone(r);
      await store.insert(r, mark('req-1'));
      r.customer.active = true;
      r.wallets[0]!.balance = 1n;
      const found = await store.find(r.cardNumber);
      expect(found!.record).toEqual(stored);
      found!.record.card.state = 'LOCKED';
      found!.applied.push(mark('req-x'));
      expect(await store.find(r.cardNumber)).toEqual({ record: stored, applied: [mark('req-1')] });
    });
  });
}
