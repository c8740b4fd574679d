// Guarantee: a card customer's phone number is stored only encrypted (AES-256-GCM
// bound to the card), with a keyed hash beside it; the document read raw with the
// driver holds no digit string of the number, and ActivateCard, comparing keyed
// hashes of the E.164 form, still answers Success for the number on record in any
// notation and IncorrectPhoneNumber for another.
import { sealedAt } from '@workers/contracts';
import { activate, CardScenario, changePhone, newCardNumber, register } from '../../support/card-fixture';
import { testCrypto } from '../../support/test-keys';

let s: CardScenario;
beforeAll(async () => {
  s = await CardScenario.open('phone-sealed');
  await s.startWorker();
});
afterAll(async () => s.close());

/** The national digits of a Polish number, in every grouping a document could hold them. */
const digitsOf = (e164: string): RegExp => new RegExp(e164.slice(3).split('').join('\\D?'));

test('the stored card holds the phone only encrypted and hashed; ActivateCard compares the hashes', async () => {
  const card = newCardNumber();
  await s.send(register('ph-reg', card, '600 100 200'));
  expect(await s.reply('ph-reg')).toMatchObject({ messageCode: 'Success' });

  const raw = await s.db.collection('cards').findOne({ _id: card as never });
  const text = JSON.stringify(raw, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
  expect(text).not.toMatch(digitsOf('+48600100200'));
  expect(raw?.customer).toMatchObject({
    phone: { v: 2, kid: 'test1' },
    phoneHash: expect.stringMatching(/^[0-9a-f]{64}$/),
  });
  expect(raw?.customer.phoneHash).toBe(testCrypto().phoneHash('+48600100200'));
  expect(raw?.customer).not.toHaveProperty('phoneE164');
  // Bound to this card: the same ciphertext read as another card's does not open.
  expect(() => testCrypto().decrypt(raw?.customer.phone, sealedAt('cards', `${card}0`, 'customer.phone'))).toThrow();

  await s.send(activate('ph-wrong', card, '600 100 201'));
  expect(await s.reply('ph-wrong')).toMatchObject({ status: 400, messageCode: 'IncorrectPhoneNumber' });
  await s.send(activate('ph-right', card, '+48 600-100-200'));
  expect(await s.reply('ph-right')).toMatchObject({ status: 204, messageCode: 'Success' });

  await s.send(changePhone('ph-change', card, '601 200 300'));
  expect(await s.reply('ph-change')).toMatchObject({ status: 204, messageCode: 'Success' });
  const after = await s.db.collection('cards').findOne({ _id: card as never });
  expect(JSON.stringify(after, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).not.toMatch(
    digitsOf('+48601200300'),
  );
  expect(await s.phoneOf(card)).toBe('+48601200300');
});
