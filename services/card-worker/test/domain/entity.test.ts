import { activate, CUSTOMER_ID, PIN, T0, T1, register as decideRegister, record, registerReq } from './fixtures';

describe("a card decision's reply entity", () => {
  it('carries only cardNumber and customerId', () => {
    expect(activate(record({ card: { state: 'ACTIVE' } }), '600100200', T1).outcome.entity).toStrictEqual({
      cardNumber: '99419283746389',
      customerId: CUSTOMER_ID,
    });
  });

  it('never carries the PIN HMAC (nor the phone) of a registered card', () => {
    const d = decideRegister(null, registerReq(), T0, CUSTOMER_ID);
    if (d.write === undefined) throw new Error('expected a write');
    expect(d.write.cardPinHmac).toBe(PIN);
    const json = JSON.stringify(d.outcome);
    expect(json).not.toContain(PIN);
    expect(json.toLowerCase()).not.toContain(PIN.slice(0, 16));
    expect(json).not.toContain('600100200');
  });
});
