import { replyEntity } from '../../src/domain/entity';
import { CUSTOMER_ID, PIN, T0, register as decideRegister, record, registerReq } from './fixtures';

describe('replyEntity', () => {
  it('carries only cardNumber and customerId', () => {
    expect(replyEntity(record())).toStrictEqual({ cardNumber: '99419283746389', customerId: CUSTOMER_ID });
  });

  it('never carries the PIN HMAC (nor the phone) of a registered card', () => {
    const v = decideRegister(null, registerReq(), T0, CUSTOMER_ID);
    if (v.kind !== 'apply') throw new Error('expected apply');
    expect(v.next.cardPinHmac).toBe(PIN);
    const json = JSON.stringify(replyEntity(v.next));
    expect(json).not.toContain(PIN);
    expect(json.toLowerCase()).not.toContain(PIN.slice(0, 16));
    expect(json).not.toContain('600100200');
  });
});
