import type { Decision } from '@workers/runtime';
import type { AccountRecord } from '../../src/domain/account-types';
import { decideUpdateContact } from '../../src/operations/update-account-contact';
import { decideUpsert } from '../../src/operations/upsert-account';
import { T0, T1, account, fakeCrypto, hashOf, opened, refusedAccount, updateAccountReq, upsertReq } from './fixtures';

/** The record a decision writes; it answers Success naming the account. */
function applied(d: Decision<AccountRecord>): AccountRecord {
  if (d.write === undefined) throw new Error(`expected a write, got ${JSON.stringify(d)}`);
  expect(d.outcome).toStrictEqual({ code: 'Success', entity: { accountId: d.write.accountId } });
  return d.write;
}

describe('decideUpsert', () => {
  it('creates an account with e-mail (domain lowercased) and E.164 phone encrypted, and the e-mail hashed', () => {
    const next = applied(decideUpsert(null, upsertReq(), T0, fakeCrypto));
    expect(next).toEqual(account());
    expect(opened(next.email)).toBe('Taro.Yamada@example.co.jp');
    expect(next.emailHash).toBe(hashOf('taro.yamada@example.co.jp'));
    expect(opened(next.phone)).toBe('+819012345678');
    expect(next.version).toBe(1);
    expect(next.updatedBy).toBeNull();
  });

  it('stores no plain e-mail or phone anywhere in the record', () => {
    const json = JSON.stringify(applied(decideUpsert(null, upsertReq({ email: 'plain@example.jp' }), T0, fakeCrypto)));
    expect(json).not.toContain('plain@example.jp');
    expect(json).not.toContain('Plain');
    expect(json).not.toContain('9012345678');
  });

  it('without a phone stores null', () => {
    expect(applied(decideUpsert(null, upsertReq({ phone: null }), T0, fakeCrypto)).phone).toBeNull();
    expect(applied(decideUpsert(null, upsertReq({ phone: ' ' }), T0, fakeCrypto)).phone).toBeNull();
  });

  it('replaces the contact details of an existing account, keeping createdAt', () => {
    const before = account({ version: 4, updatedBy: 'op', updatedAt: T0 + 5 });
    const next = applied(
      decideUpsert(
        before,
        upsertReq({ email: 'new@example.jp', phone: null, externalAuth: true, mailDelivery: 'STOPPED' }),
        T1,
        fakeCrypto,
      ),
    );
    expect(opened(next.email)).toBe('new@example.jp');
    expect(next.emailHash).toBe(hashOf('new@example.jp'));
    expect(next.phone).toBeNull();
    expect(next.externalAuth).toBe(true);
    expect(next.mailDelivery).toBe('STOPPED');
    expect(next.createdAt).toBe(T0);
    expect(next.updatedAt).toBe(T1);
    expect(next.updatedBy).toBeNull();
    expect(next.version).toBe(5);
    expect(before.version).toBe(4); // input untouched
  });

  it('another personalId for an existing account: PersonalIdMismatch', () => {
    expect(decideUpsert(account(), upsertReq({ personalId: 'P-9999' }), T1, fakeCrypto)).toEqual(
      refusedAccount('PersonalIdMismatch'),
    );
  });

  it('an invalid e-mail or phone met here: ValidationFailed, nothing encrypted', () => {
    const crypto = { encrypt: jest.fn(fakeCrypto.encrypt), hash: jest.fn(fakeCrypto.hash) };
    expect(decideUpsert(null, upsertReq({ email: 'nope', phone: '1' }), T0, crypto)).toEqual(
      refusedAccount('ValidationFailed', [
        { field: 'email', reason: 'is not a valid e-mail address' },
        { field: 'phone', reason: 'is not a valid phone number' },
      ]),
    );
    expect(crypto.encrypt).not.toHaveBeenCalled();
    expect(crypto.hash).not.toHaveBeenCalled();
  });
});

describe('decideUpdateContact', () => {
  it('unknown account: AccountNotFound', () => {
    expect(decideUpdateContact(null, updateAccountReq({ mailDelivery: 'STOPPED' }), T1, fakeCrypto)).toEqual(
      refusedAccount('AccountNotFound'),
    );
  });

  it('personalId of someone else: PersonalIdMismatch', () => {
    expect(
      decideUpdateContact(account(), updateAccountReq({ personalId: 'P-9', mailDelivery: 'STOPPED' }), T1, fakeCrypto),
    ).toEqual(refusedAccount('PersonalIdMismatch'));
  });

  it('nothing to change: ValidationFailed with a detail', () => {
    expect(decideUpdateContact(account(), updateAccountReq(), T1, fakeCrypto)).toEqual(
      refusedAccount('ValidationFailed', [
        { field: 'operation', reason: 'must change at least one of email, phone, mailDelivery' },
      ]),
    );
  });

  it('stops mail delivery (配信停止) and keeps the rest', () => {
    const before = account();
    const next = applied(decideUpdateContact(before, updateAccountReq({ mailDelivery: 'STOPPED' }), T1, fakeCrypto));
    expect(next).toEqual({
      ...before,
      mailDelivery: 'STOPPED',
      updatedAt: T1,
      updatedBy: 'crm-operator-03',
      version: 2,
    });
  });

  it('changes the e-mail (re-encrypted and re-hashed) and the phone', () => {
    const next = applied(
      decideUpdateContact(
        account(),
        updateAccountReq({ email: ' Hanako@Example.JP ', phone: '080-9876-5432' }),
        T1,
        fakeCrypto,
      ),
    );
    expect(opened(next.email)).toBe('Hanako@example.jp');
    expect(next.emailHash).toBe(hashOf('hanako@example.jp'));
    expect(opened(next.phone)).toBe('+818098765432');
    expect(next.mailDelivery).toBe('ENABLED');
  });

  it('changes the e-mail of an external-auth account too (only where mail goes)', () => {
    const next = applied(
      decideUpdateContact(
        account({ externalAuth: true }),
        updateAccountReq({ email: 'other@example.jp' }),
        T1,
        fakeCrypto,
      ),
    );
    expect(opened(next.email)).toBe('other@example.jp');
    expect(next.externalAuth).toBe(true);
  });

  it('a blank phone removes the phone', () => {
    expect(applied(decideUpdateContact(account(), updateAccountReq({ phone: '' }), T1, fakeCrypto)).phone).toBeNull();
  });

  it('an invalid e-mail or phone met here: ValidationFailed', () => {
    expect(decideUpdateContact(account(), updateAccountReq({ email: 'bad' }), T1, fakeCrypto)).toEqual(
      refusedAccount('ValidationFailed', [{ field: 'email', reason: 'is not a valid e-mail address' }]),
    );
    expect(decideUpdateContact(account(), updateAccountReq({ phone: '12' }), T1, fakeCrypto)).toEqual(
      refusedAccount('ValidationFailed', [{ field: 'phone', reason: 'is not a valid phone number' }]),
    );
  });
});
