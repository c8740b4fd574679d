import { byAddress, personAccounts, personLookup } from '../../src/stages/fanout';
import { account } from './fixtures';

const ids = (xs: { accountId: string }[]): string[] => xs.map((a) => a.accountId);

describe('personLookup', () => {
  it('prefers the accountId, then the personalId', () => {
    expect(personLookup({ accountId: 'A-1', personalId: 'P-1' })).toEqual({ by: 'accountId', accountId: 'A-1' });
    expect(personLookup({ accountId: null, personalId: 'P-1' })).toEqual({ by: 'personalId', personalId: 'P-1' });
    expect(personLookup({ accountId: null, personalId: null })).toEqual({ by: 'none' });
  });
});

describe('personAccounts', () => {
  it('by accountId: that account only', () => {
    expect(ids(personAccounts({ accountId: 'A-2', personalId: 'P-1' }, [account('A-1'), account('A-2')]))).toEqual([
      'A-2',
    ]);
  });

  it('by accountId: none when missing (no fallback to the personalId)', () => {
    expect(personAccounts({ accountId: 'A-9', personalId: 'P-1' }, [])).toEqual([]);
  });

  it('by accountId: never an account of another person', () => {
    expect(personAccounts({ accountId: 'A-1', personalId: 'P-1' }, [account('A-1', { personalId: 'P-2' })])).toEqual(
      [],
    );
  });

  it('by personalId: every account of the person', () => {
    const found = [
      account('A-3', { address: 'x@example.test' }),
      account('A-1', { address: 'x@example.test' }),
      account('A-2'),
      account('B-1', { personalId: 'P-2' }),
    ];
    expect(ids(personAccounts({ accountId: null, personalId: 'P-1' }, found))).toEqual(['A-3', 'A-1', 'A-2']);
  });

  it('nothing without ids', () => {
    expect(personAccounts({ accountId: null, personalId: null }, [account('A-1')])).toEqual([]);
  });
});

describe('byAddress', () => {
  it('one recipient per address, in accountId order, naming every account at it', () => {
    const r = byAddress([
      account('A-3', { address: 'x@example.test' }),
      account('A-2'),
      account('A-1', { address: 'x@example.test' }),
    ]);
    expect(r.map((x) => [x.key, x.account?.accountId, x.accounts])).toEqual([
      ['hash:x@example.test', 'A-1', ['A-1', 'A-3']],
      ['hash:a-2@example.test', 'A-2', ['A-2']],
    ]);
  });

  it('mails through an enabled account rather than a stopped one on the same address', () => {
    const r = byAddress([
      account('A-1', { address: 's@example.test', mailDelivery: 'STOPPED' }),
      account('A-2', { address: 's@example.test' }),
    ]);
    expect(r.map((x) => [x.account?.accountId, x.accounts])).toEqual([['A-2', ['A-1', 'A-2']]]);
  });

  it('keeps a stopped account when it is the only one (so its skip is recorded)', () => {
    expect(byAddress([account('A-1', { mailDelivery: 'STOPPED' })]).map((x) => x.account?.mailDelivery)).toEqual([
      'STOPPED',
    ]);
  });
});
