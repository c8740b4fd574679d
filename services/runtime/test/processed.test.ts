import { contentHash } from '../src/processed';

describe('contentHash', () => {
  const payload = {
    cardNumber: '1234',
    phone: '+48123456789',
    limits: { daily: 100, monthly: 1000 },
    tags: ['a', 'b'],
  };

  it('is a sha256 hex digest', () => {
    expect(contentHash('ActivateCard', payload)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is stable across calls', () => {
    expect(contentHash('ActivateCard', payload)).toBe(contentHash('ActivateCard', structuredClone(payload)));
  });

  it('does not depend on object key order, at any depth', () => {
    const reordered = {
      tags: ['a', 'b'],
      limits: { monthly: 1000, daily: 100 },
      phone: '+48123456789',
      cardNumber: '1234',
    };
    expect(contentHash('ActivateCard', reordered)).toBe(contentHash('ActivateCard', payload));
  });

  it('depends on array order', () => {
    expect(contentHash('ActivateCard', { ...payload, tags: ['b', 'a'] })).not.toBe(
      contentHash('ActivateCard', payload),
    );
  });

  it('differs with the operation name', () => {
    expect(contentHash('BlockCard', payload)).not.toBe(contentHash('ActivateCard', payload));
  });

  it.each<[string, Record<string, unknown>]>([
    ['cardNumber', { ...payload, cardNumber: '1235' }],
    ['phone', { ...payload, phone: '+48123456780' }],
    ['limits.daily', { ...payload, limits: { daily: 101, monthly: 1000 } }],
    ['tags', { ...payload, tags: ['a'] }],
    ['an added field', { ...payload, extra: null }],
    ['a removed field', { cardNumber: '1234', phone: '+48123456789', limits: { daily: 100, monthly: 1000 } }],
    ['null for a value', { ...payload, phone: null }],
  ])('differs when %s changes', (_what, changed) => {
    expect(contentHash('ActivateCard', changed)).not.toBe(contentHash('ActivateCard', payload));
  });

  it('handles bigint values', () => {
    const a = contentHash('Charge', { amount: 1234n, nested: { fee: 5n } });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash('Charge', { nested: { fee: 5n }, amount: 1234n })).toBe(a);
    expect(contentHash('Charge', { amount: 1235n, nested: { fee: 5n } })).not.toBe(a);
    expect(contentHash('Charge', { amount: 1234, nested: { fee: 5n } })).not.toBe(a);
    expect(contentHash('Charge', { amount: 10n ** 18n - 1n })).not.toBe(
      contentHash('Charge', { amount: 10n ** 18n - 2n }),
    );
  });

  it('handles null, primitives and Buffers as payloads', () => {
    expect(contentHash('Ping', null)).toBe(contentHash('Ping', null));
    expect(contentHash('Ping', null)).not.toBe(contentHash('Ping', {}));
    expect(contentHash('Ping', { b: Buffer.from('ab') })).not.toBe(contentHash('Ping', { b: Buffer.from('ac') }));
  });
});
