// The card rules, given phone numbers as the store prepares them (keyed hash and
// ciphertext: fixtures' phones): each code of docs/rules.md#cards, both-or-neither activation.
import {
  CUSTOMER_ID,
  PIN,
  T0,
  T1,
  activate,
  applied,
  changePhone,
  lock as decideLock,
  noPhone,
  onFile,
  record,
  register as decideRegister,
  registerReq,
  refused,
  unchanged,
} from './fixtures';

const active = () =>
  record({
    customer: { active: true, ...onFile('+48600100200'), gender: 'F' },
    card: { state: 'ACTIVE' },
    revision: 2,
  });
const locked = () => record({ card: { state: 'LOCKED' }, revision: 3 });

describe('decideRegister', () => {
  it('creates an inactive customer with a card waiting for activation', () => {
    const next = applied(decideRegister(null, registerReq({ phoneNumber: '600 100 200' }), T0, CUSTOMER_ID));
    expect(next).toEqual({
      cardNumber: '99419283746389',
      customerId: CUSTOMER_ID,
      customer: { active: false, ...onFile('+48600100200'), gender: 'F' },
      card: { state: 'WAITING_FOR_ACTIVATION' },
      cardPinHmac: PIN,
      wallets: registerReq().loyaltyCard.wallets,
      registeredBy: registerReq().identity,
      createdAt: T0,
      updatedAt: T0,
      revision: 1,
    });
  });

  it('rejects a card already registered with CardAlreadyRegistered', () => {
    expect(decideRegister(record(), registerReq(), T1, CUSTOMER_ID)).toEqual(refused('CardAlreadyRegistered'));
  });

  it('accepts a missing phone (mandatory data may be missing)', () => {
    expect(
      applied(decideRegister(null, registerReq({ phoneNumber: null }), T0, CUSTOMER_ID)).customer.phoneHash,
    ).toBeNull();
    expect(
      applied(decideRegister(null, registerReq({ phoneNumber: '  ' }), T0, CUSTOMER_ID)).customer.phoneHash,
    ).toBeNull();
  });

  it('rejects an invalid phone with ValidationFailed', () => {
    expect(decideRegister(null, registerReq({ phoneNumber: 'abc' }), T0, CUSTOMER_ID)).toEqual(
      refused('ValidationFailed', [{ field: 'loyaltyCard.phoneNumber', reason: 'is not a valid phone number' }]),
    );
  });

  it('stores the PIN HMAC in lower case and "no cashier" as null', () => {
    const r = registerReq({ cardPinHmac: PIN.toUpperCase() });
    const next = applied(
      decideRegister(
        null,
        { ...r, identity: { ...r.identity, posId: '', posOperatorId: '', posOperatorNumber: 0 } },
        T0,
        CUSTOMER_ID,
      ),
    );
    expect(next.cardPinHmac).toBe(PIN);
    expect(next.registeredBy).toEqual({
      posId: null,
      posNumber: '5',
      posOperatorId: null,
      posOperatorNumber: null,
      siteId: '2345',
    });
  });

  it('does not share wallet objects with the request', () => {
    const req = registerReq();
    const next = applied(decideRegister(null, req, T0, CUSTOMER_ID));
    expect(next.wallets[0]).not.toBe(req.loyaltyCard.wallets[0]);
    expect(next.wallets[0]!.stat).not.toBe(req.loyaltyCard.wallets[0]!.stat);
  });

  it('refuses a malformed customer id (a caller bug)', () => {
    expect(() => decideRegister(null, registerReq(), T0, 'DF90170F3EB44124A22FA12031D25ECB')).toThrow(TypeError);
    expect(() => decideRegister(null, registerReq(), T0, 'df90170f-3eb4-4124-a22f-a12031d25ecb')).toThrow(TypeError);
  });
});

describe('decideActivate', () => {
  it('unknown card: CustomerWithGivenCardNumberNotFound', () => {
    expect(activate(null, '600100200', T1)).toEqual(refused('CustomerWithGivenCardNumberNotFound'));
  });

  it('locked card: CardWasNotWaitingForActivation', () => {
    expect(activate(locked(), '600100200', T1)).toEqual(refused('CardWasNotWaitingForActivation'));
  });

  it('activates customer and card together, comparing phones in E.164', () => {
    const before = record();
    const next = applied(activate(before, '0048 600-100-200', T1));
    expect(next.customer.active).toBe(true);
    expect(next.card.state).toBe('ACTIVE');
    expect(next.revision).toBe(2);
    expect(next.updatedAt).toBe(T1);
    expect(next.createdAt).toBe(T0);
    expect({ ...next, customer: before.customer, card: before.card, revision: 1, updatedAt: T0 }).toEqual(before);
    expect(before.customer.active).toBe(false); // input untouched
    expect(before.card.state).toBe('WAITING_FOR_ACTIVATION');
  });

  it('a different phone: IncorrectPhoneNumber', () => {
    expect(activate(record(), '600 100 201', T1)).toEqual(refused('IncorrectPhoneNumber'));
  });

  it('no phone on record: IncorrectPhoneNumber', () => {
    const r = record({ customer: { active: false, ...noPhone, gender: 'U' } });
    expect(activate(r, '600100200', T1)).toEqual(refused('IncorrectPhoneNumber'));
  });

  it('garbage phone: IncorrectPhoneNumber', () => {
    expect(activate(record(), 'garbage', T1)).toEqual(refused('IncorrectPhoneNumber'));
  });

  it('already active: Success without a write', () => {
    expect(activate(active(), '+48 600 100 200', T1)).toEqual(unchanged);
  });

  it('already active but a wrong phone: IncorrectPhoneNumber', () => {
    expect(activate(active(), '600 100 201', T1)).toEqual(refused('IncorrectPhoneNumber'));
  });

  it('repairs a half-activated record (active card, inactive customer) by activating both', () => {
    const half = record({ card: { state: 'ACTIVE' } });
    const next = applied(activate(half, '600100200', T1));
    expect(next.customer.active).toBe(true);
    expect(next.card.state).toBe('ACTIVE');
  });
});

describe('decideChangePhone', () => {
  it('unknown card: CustomerWithGivenCardNumberNotFound', () => {
    expect(changePhone(null, '600100200', T1)).toEqual(refused('CustomerWithGivenCardNumberNotFound'));
  });

  it('invalid phone: ValidationFailed with a detail', () => {
    expect(changePhone(record(), '12', T1)).toEqual(
      refused('ValidationFailed', [{ field: 'phoneNumber', reason: 'is not a valid phone number' }]),
    );
  });

  it('replaces the phone in E.164 form and keeps the rest', () => {
    const before = active();
    const next = applied(changePhone(before, '601 200 300', T1));
    expect(next.customer).toEqual({ active: true, ...onFile('+48601200300'), gender: 'F' });
    expect(next.card).toEqual({ state: 'ACTIVE' });
    expect(next.revision).toBe(3);
    expect(next.updatedAt).toBe(T1);
    expect(before.customer).toMatchObject(onFile('+48600100200'));
  });

  it('sets a phone where none was on record, so activation can then succeed', () => {
    const none = record({ customer: { active: false, ...noPhone, gender: 'M' } });
    const next = applied(changePhone(none, '600100200', T1));
    expect(next.customer).toMatchObject(onFile('+48600100200'));
    expect(applied(activate(next, '600100200', T1 + 1)).card.state).toBe('ACTIVE');
  });

  it("changes the phone of a locked card too (it is the customer's data)", () => {
    expect(applied(changePhone(locked(), '601200300', T1)).card.state).toBe('LOCKED');
  });

  it('the same number in another notation: Success without a write', () => {
    expect(changePhone(record(), '0048 600-100-200', T1)).toEqual(unchanged);
  });
});

describe('decideLock', () => {
  it('unknown card: CustomerWithGivenCardNumberNotFound', () => {
    expect(decideLock(null, T1)).toEqual(refused('CustomerWithGivenCardNumberNotFound'));
  });

  it.each([
    ['waiting', record()],
    ['active', active()],
  ])('locks a %s card and leaves the customer as is', (_name, before) => {
    const next = applied(decideLock(before, T1));
    expect(next.card.state).toBe('LOCKED');
    expect(next.customer).toEqual(before.customer);
    expect(next.revision).toBe(before.revision + 1);
    expect(next.updatedAt).toBe(T1);
  });

  it('locking a locked card is Success without a write', () => {
    expect(decideLock(locked(), T1)).toEqual(unchanged);
  });

  it('a locked card can no longer be activated', () => {
    const next = applied(decideLock(record(), T1));
    expect(activate(next, '600100200', T1)).toEqual(refused('CardWasNotWaitingForActivation'));
  });
});
