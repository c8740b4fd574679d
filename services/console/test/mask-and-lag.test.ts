// Personal data masked wherever it sits in a decoded value; lag per partition from offsets.
import { MASK, maskPersonal } from '../src/domain/mask';
import { partitionLag } from '../src/domain/lag';

test('every personal field is masked at any depth; ids, nulls and other fields stay', () => {
  const request = {
    requestId: 'r-1',
    personalId: 'P-1',
    operation: {
      'crm.account.UpsertAccount': {
        accountId: 'AC-1',
        email: 'a@b.jp',
        phone: null,
        sender: { name: 'Taro', type: 'HUMAN' },
      },
    },
    wallets: [{ loyaltyCard: { phoneNumber: '+48600100200', cardPinHmac: 'ab'.repeat(32) } }],
  };
  expect(maskPersonal(request)).toEqual({
    requestId: 'r-1',
    personalId: 'P-1',
    operation: {
      'crm.account.UpsertAccount': {
        accountId: 'AC-1',
        email: MASK,
        phone: null,
        sender: { name: MASK, type: 'HUMAN' },
      },
    },
    wallets: [{ loyaltyCard: { phoneNumber: MASK, cardPinHmac: MASK } }],
  });
});

test('lag: from the committed offset, or from the first offset still held when none was committed', () => {
  expect(partitionLag('t', 0, 0, 10, 7)).toMatchObject({ committed: 7, lag: 3 });
  expect(partitionLag('t', 0, 4, 10, -1)).toMatchObject({ committed: null, lag: 6 });
  expect(partitionLag('t', 0, 4, 10, 2)).toMatchObject({ committed: 2, lag: 6 });
  expect(partitionLag('t', 0, 0, 10, 10)).toMatchObject({ lag: 0 });
});
