// toJson/fromJson keep a value whole, bigint included, whichever path toJson takes.
import { fromJson, toJson } from '../src/store/json';

test('a value without bigint is plain JSON and comes back equal', () => {
  const v = { code: 'Success', entity: { cardNumber: '9299427760000133', n: 3, ok: true, list: [1, 'a', null] } };
  expect(toJson(v)).toBe(JSON.stringify(v));
  expect(fromJson(toJson(v))).toEqual(v);
});

test('bigint at any depth survives as {"$bigint": …}', () => {
  const v = { wallets: [{ balance: 12345n, stat: { issued: -9007199254740993n } }], at: new Date(0) };
  const text = toJson(v);
  expect(text).toContain('{"$bigint":"12345"}');
  expect(fromJson(text)).toEqual({ ...v, at: '1970-01-01T00:00:00.000Z' });
});

test('a circular value is still refused', () => {
  const v: Record<string, unknown> = {};
  v.self = v;
  expect(() => toJson(v)).toThrow(TypeError);
});
