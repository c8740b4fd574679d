// The in-memory card store keeps the CardStore contract (the same suite runs
// against MongoDB in test/integration/card/store-contract.test.ts), and its
// failNext hook fails exactly the next call.
import { cardStoreContract } from '../../../../test/contract/card-store.contract';
import { memoryCardStore } from '../../src/store/memory-card-store';

cardStoreContract('memoryCardStore', async () => memoryCardStore());

describe('memoryCardStore.failNext', () => {
  it('makes the next call reject with the error, once', async () => {
    const store = memoryCardStore();
    const err = new TypeError('boom');
    store.failNext(err);
    await expect(store.find('1')).rejects.toBe(err);
    await expect(store.find('1')).resolves.toBeNull();
  });

  it('fails an insert or a replace too, without writing', async () => {
    const store = memoryCardStore();
    const record = {
      cardNumber: '1', customerId: 'a'.repeat(32), customer: { active: false, phoneE164: null, gender: 'U' as const },
      card: { state: 'WAITING_FOR_ACTIVATION' as const }, cardPinHmac: 'b'.repeat(64), wallets: [],
      registeredBy: { posId: null, posNumber: '1', posOperatorId: null, posOperatorNumber: null, siteId: 'S' },
      createdAt: 0, updatedAt: 0, revision: 1,
    };
    store.failNext(new Error('insert down'));
    await expect(store.insert(record, { requestId: 'r1', code: 'Success' })).rejects.toThrow('insert down');
    expect(await store.find('1')).toBeNull();
    await store.insert(record, { requestId: 'r1', code: 'Success' });
    store.failNext(new Error('replace down'));
    await expect(store.replace({ ...record, revision: 2 }, 1, { requestId: 'r2', code: 'Success' })).rejects.toThrow('replace down');
    expect((await store.find('1'))!.record.revision).toBe(1);
  });
});
