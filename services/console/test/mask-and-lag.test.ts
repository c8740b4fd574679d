// Personal data masked wherever it sits in a decoded value; lag per partition from offsets.
import { MASK, maskPersonal, maskText } from '../src/domain/mask';
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
    personalId: MASK,
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

test('card and policy numbers, personal ids and message texts are masked by name', () => {
  const contact = {
    contactId: 'K-1',
    personalId: 'P-1',
    policyNumber: 'PL-1',
    title: 'ご案内',
    body: '本文',
    linkUrl: 'u',
  };
  expect(maskPersonal({ operation: { RegisterCard: { cardNumber: '4000', ...contact } } })).toEqual({
    operation: {
      RegisterCard: {
        cardNumber: MASK,
        contactId: 'K-1',
        personalId: MASK,
        policyNumber: MASK,
        title: MASK,
        body: MASK,
        linkUrl: MASK,
      },
    },
  });
});

test('by shape: e-mail addresses, phone and card numbers in any other string; ids, dates and short numbers stay', () => {
  expect(maskText('mail to hanako.y+1@example.co.jp failed: 550')).toBe(`mail to ${MASK} failed: 550`);
  for (const n of [
    '090-1234-5678',
    '+48600100200',
    '+81 90 1234 5678',
    '(03) 1234-5678',
    '4000 0000 0000 0002',
    '4000000000000002',
  ])
    expect(maskText(`card ${n}.`)).toBe(`card ${MASK}.`);
  for (const keep of [
    '2026-12-07 03:27:55',
    '2026-12-07T03:27:55.123Z',
    'offset 123456789',
    '12345678-1234-1234-1234-123456789012',
    'K-1234567890',
    'P-R1',
  ])
    expect(maskText(keep)).toBe(keep);
  expect(maskPersonal({ note: 'call 090-1234-5678', requestId: '4000000000000002', n: 4000000000000002 })).toEqual({
    note: `call ${MASK}`,
    requestId: '4000000000000002',
    n: 4000000000000002,
  });
  expect(maskText(maskText('a@b.jp 0901234567'))).toBe(`${MASK} ${MASK}`);
});

test('masking is linear: a long text without an address or a number is quick', () => {
  const started = Date.now();
  for (const t of ['x'.repeat(200_000), '1a'.repeat(100_000), 'a@'.repeat(100_000), '1-'.repeat(100_000)]) maskText(t);
  expect(Date.now() - started).toBeLessThan(500);
});

test('lag: from the committed offset, or from the first offset still held when none was committed', () => {
  expect(partitionLag('t', 0, 0, 10, 7)).toMatchObject({ committed: 7, lag: 3 });
  expect(partitionLag('t', 0, 4, 10, -1)).toMatchObject({ committed: null, lag: 6 });
  expect(partitionLag('t', 0, 4, 10, 2)).toMatchObject({ committed: 2, lag: 6 });
  expect(partitionLag('t', 0, 0, 10, 10)).toMatchObject({ lag: 0 });
});
