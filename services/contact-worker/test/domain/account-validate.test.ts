import { MAX_EMAIL, emailHashKey, normalizeEmail, toE164 } from '../../src/domain/account-validate';
import { validateUpdateContact } from '../../src/operations/update-account-contact';
import { validateUpsert } from '../../src/operations/upsert-account';
import { updateAccountReq, upsertReq } from './fixtures';

const fields = (d: { field: string }[]) => d.map((x) => x.field);

describe('normalizeEmail', () => {
  it.each([
    ['taro@example.jp', 'taro@example.jp'],
    ['  Taro.Yamada@Example.CO.JP ', 'Taro.Yamada@example.co.jp'],
    ['a+tag@sub.example.com', 'a+tag@sub.example.com'],
    ["o'brien_1-x@example.org", "o'brien_1-x@example.org"],
    ['user@xn--eckwd4c7c.xn--zckzah', 'user@xn--eckwd4c7c.xn--zckzah'],
    ['taro..yamada.@docomo.ne.jp', 'taro..yamada.@docomo.ne.jp'],
  ])('accepts %j as %j', (raw, stored) => {
    expect(normalizeEmail(raw)).toBe(stored);
  });

  it.each([
    '',
    'taro',
    'taro@',
    '@example.jp',
    'taro@example',
    'taro@@example.jp',
    'ta ro@example.jp',
    '"taro"@example.jp',
    'taro@exa_mple.jp',
    'taro@-example.jp',
    'taro@example-.jp',
    'taro@example..jp',
    'taro@example.j',
    'taro@example.123',
    'taro@例え.jp',
    'たろう@example.jp',
    '...@example.jp',
    `${'a'.repeat(65)}@example.jp`,
    `a@${'b'.repeat(64)}.jp`,
    `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.jp`,
    'taro@exa\nmple.jp',
  ])('rejects %j', (raw) => {
    expect(normalizeEmail(raw)).toBeUndefined();
  });

  it('accepts up to 254 characters', () => {
    const domain = `${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.jp`;
    const addr = `${'a'.repeat(64)}@${domain}`;
    expect(addr.length).toBe(MAX_EMAIL);
    expect(normalizeEmail(addr)).toBe(addr);
    expect(normalizeEmail(`a${addr}`)).toBeUndefined();
  });

  it('hashes trimmed and lowercased', () => {
    expect(emailHashKey('  Taro.Yamada@Example.CO.JP ')).toBe('taro.yamada@example.co.jp');
    expect(emailHashKey(normalizeEmail(' TARO@EXAMPLE.JP') ?? '')).toBe(emailHashKey('taro@example.jp'));
  });
});

describe('toE164 (JP by default)', () => {
  it.each(
    Object.entries({
      '090-1234-5678': '+819012345678',
      '09012345678': '+819012345678',
      '+81 90 1234 5678': '+819012345678',
      '03-1234-5678': '+81312345678',
      '(03) 1234-5678': '+81312345678',
      '+48 600 100 200': '+48600100200',
    }),
  )('%j → %s', (raw, e164) => {
    expect(toE164(raw)).toBe(e164);
  });

  it.each([
    '',
    '12345',
    '090-1234-567',
    'tel:09012345678',
    '090-1234-5678 ext. 2',
    '０９０１２３４５６７８',
    '+81 90 1234 5678 9999 9999 9999 9',
  ])('rejects %j', (raw) => {
    expect(toE164(raw)).toBeUndefined();
  });

  it('reads national numbers in another country when asked', () => {
    expect(toE164('600 100 200', 'PL')).toBe('+48600100200');
  });
});

describe('validateUpsert', () => {
  it('accepts a full request and one without phone', () => {
    expect(validateUpsert(upsertReq())).toEqual([]);
    expect(validateUpsert(upsertReq({ phone: null, externalAuth: true, mailDelivery: 'STOPPED' }))).toEqual([]);
    expect(validateUpsert(upsertReq({ phone: '' }))).toEqual([]);
  });

  it('rejects a bad e-mail and a bad phone without echoing them', () => {
    const d = validateUpsert(upsertReq({ email: 'secret-not-an-email', phone: '999' }));
    expect(d).toEqual([
      { field: 'email', reason: 'is not a valid e-mail address' },
      { field: 'phone', reason: 'is not a valid phone number' },
    ]);
    expect(JSON.stringify(d)).not.toContain('secret');
  });

  it('checks ids and enums', () => {
    expect(fields(validateUpsert(upsertReq({ accountId: '', personalId: 'P 1' })))).toEqual([
      'accountId',
      'personalId',
    ]);
    expect(fields(validateUpsert(upsertReq({ accountId: 'a'.repeat(65) })))).toEqual(['accountId']);
    expect(fields(validateUpsert(upsertReq({ mailDelivery: 'PAUSED' as 'ENABLED' })))).toEqual(['mailDelivery']);
    expect(fields(validateUpsert(upsertReq({ externalAuth: 'yes' as unknown as boolean })))).toEqual(['externalAuth']);
  });
});

describe('validateUpdateContact', () => {
  it('accepts any of e-mail, phone and mail delivery', () => {
    expect(validateUpdateContact(updateAccountReq({ email: 'new@example.jp' }))).toEqual([]);
    expect(validateUpdateContact(updateAccountReq({ phone: '080-9876-5432' }))).toEqual([]);
    expect(validateUpdateContact(updateAccountReq({ phone: '' }))).toEqual([]);
    expect(validateUpdateContact(updateAccountReq({ mailDelivery: 'STOPPED' }))).toEqual([]);
  });

  it('rejects a bad e-mail (an empty one too), a bad phone, a bad id', () => {
    expect(fields(validateUpdateContact(updateAccountReq({ email: '' })))).toEqual(['email']);
    expect(fields(validateUpdateContact(updateAccountReq({ email: 'x@y' })))).toEqual(['email']);
    expect(fields(validateUpdateContact(updateAccountReq({ phone: 'abc' })))).toEqual(['phone']);
    expect(fields(validateUpdateContact(updateAccountReq({ personalId: '' })))).toEqual(['personalId']);
  });

  it('needs updatedBy', () => {
    expect(validateUpdateContact(updateAccountReq({ mailDelivery: 'STOPPED', updatedBy: '' }))).toEqual([
      { field: 'updatedBy', reason: 'must not be empty' },
    ]);
    expect(fields(validateUpdateContact(updateAccountReq({ mailDelivery: 'STOPPED', updatedBy: ' op' })))).toEqual([
      'updatedBy',
    ]);
    expect(
      fields(validateUpdateContact(updateAccountReq({ mailDelivery: 'STOPPED', updatedBy: 'o'.repeat(101) }))),
    ).toEqual(['updatedBy']);
  });
});
