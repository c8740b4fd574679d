import { oneAccountPerAddress, personLookup, personRecipients } from '../../src/domain/recipients';
import { account } from './fixtures';

describe('personLookup', () => {
  it('prefers the accountId, then the personalId', () => {
    expect(personLookup({ accountId: 'A-1', personalId: 'P-1' })).toEqual({ by: 'accountId', accountId: 'A-1' });
    expect(personLookup({ accountId: null, personalId: 'P-1' })).toEqual({ by: 'personalId', personalId: 'P-1' });
    expect(personLookup({ accountId: null, personalId: null })).toEqual({ by: 'none' });
  });
});

describe('personRecipients', () => {
  it('by accountId: that account only', () => {
    expect(personRecipients({ accountId: 'A-2', personalId: 'P-1' }, [account('A-1'), account('A-2')]).map((a) => a.accountId)).toEqual(['A-2']);
  });

  it('by accountId: none when missing (no fallback to the personalId)', () => {
    expect(personRecipients({ accountId: 'A-9', personalId: 'P-1' }, [])).toEqual([]);
  });

  it('by accountId: never an account of another person', () => {
    expect(personRecipients({ accountId: 'A-1', personalId: 'P-1' }, [account('A-1', { personalId: 'P-2' })])).toEqual([]);
  });

  it('by personalId: every account of the person, one per address', () => {
    const found = [account('A-3', { address: 'x@example.test' }), account('A-1', { address: 'x@example.test' }), account('A-2'), account('B-1', { personalId: 'P-2' })];
    expect(personRecipients({ accountId: null, personalId: 'P-1' }, found).map((a) => a.accountId)).toEqual(['A-1', 'A-2']);
  });

  it('nothing without ids', () => {
    expect(personRecipients({ accountId: null, personalId: null }, [account('A-1')])).toEqual([]);
  });
});

describe('oneAccountPerAddress', () => {
  it('keeps the first account of an address, in accountId order', () => {
    const r = oneAccountPerAddress([account('A-2', { address: 'same@example.test' }), account('A-1', { address: 'same@example.test' })]);
    expect(r.map((a) => a.accountId)).toEqual(['A-1']);
  });

  it('an enabled account wins over a stopped one on the same address', () => {
    const r = oneAccountPerAddress([account('A-1', { address: 's@example.test', mailDelivery: 'STOPPED' }), account('A-2', { address: 's@example.test' })]);
    expect(r.map((a) => a.accountId)).toEqual(['A-2']);
  });

  it('keeps a stopped account when it is the only one (so its skip is recorded)', () => {
    const r = oneAccountPerAddress([account('A-1', { mailDelivery: 'STOPPED' })]);
    expect(r.map((a) => a.mailDelivery)).toEqual(['STOPPED']);
  });
});
