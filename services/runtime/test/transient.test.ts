import { isTransient, TransientError } from '../src/transient';

function named(name: string): Error {
  // An Error subclass whose class name and `name` are the driver's.
  const Cls = { [name]: class extends Error {} }[name]!;
  const e = new Cls(`${name} happened`);
  e.name = name;
  return e;
}

describe('isTransient', () => {
  it('is false for programmer errors', () => {
    expect(isTransient(new TypeError('x is undefined'))).toBe(false);
    expect(isTransient(new RangeError('out of range'))).toBe(false);
    expect(isTransient(new ReferenceError('nope'))).toBe(false);
    expect(isTransient(new SyntaxError('bad'))).toBe(false);
  });

  it('keeps a programmer error non-transient even with a transient code or cause', () => {
    expect(isTransient(Object.assign(new TypeError('x'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(isTransient(new RangeError('x', { cause: new TransientError('inner') }))).toBe(false);
  });

  it('is true for TransientError', () => {
    expect(isTransient(new TransientError('registry 503'))).toBe(true);
  });

  it.each(['MongoNetworkError', 'MongoServerSelectionError', 'KafkaJSConnectionError'])('is true for %s', (name) => {
    const e = named(name);
    expect(e.constructor.name).toBe(name);
    expect(isTransient(e)).toBe(true);
  });

  it('is true when only the class name or only the `name` matches', () => {
    const byName = new Error('x');
    byName.name = 'MongoNetworkError';
    expect(isTransient(byName)).toBe(true);
    class KafkaJSConnectionError extends Error {}
    expect(isTransient(new KafkaJSConnectionError('x'))).toBe(true);
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT'])('is true for an Error with code %s', (code) => {
    expect(isTransient(Object.assign(new Error('socket'), { code }))).toBe(true);
  });

  it('is false for an Error with another code', () => {
    expect(isTransient(Object.assign(new Error('dup'), { code: 'E11000' }))).toBe(false);
    expect(isTransient(Object.assign(new Error('num'), { code: 11000 }))).toBe(false);
  });

  it('follows nested causes', () => {
    const inner = Object.assign(new Error('connect'), { code: 'ECONNREFUSED' });
    expect(isTransient(new Error('outer', { cause: inner }))).toBe(true);
    expect(isTransient(new Error('a', { cause: new Error('b', { cause: named('MongoServerSelectionError') }) }))).toBe(true);
    expect(isTransient(new Error('a', { cause: new Error('b') }))).toBe(false);
    expect(isTransient(new Error('a', { cause: 'ECONNREFUSED' }))).toBe(false);
  });

  it('is false for a self-referencing cause', () => {
    const e = new Error('self');
    (e as { cause?: unknown }).cause = e;
    expect(isTransient(e)).toBe(false);
  });

  it('honours driver labels and retriable flags', () => {
    expect(isTransient(Object.assign(new Error('tx'), { errorLabels: ['TransientTransactionError'] }))).toBe(true);
    expect(isTransient(Object.assign(new Error('w'), { hasErrorLabel: (l: string) => l === 'RetryableWriteError' }))).toBe(true);
    expect(isTransient(Object.assign(new Error('k'), { retriable: true }))).toBe(true);
    expect(isTransient(Object.assign(new Error('k'), { retriable: false }))).toBe(false);
  });

  it('is false for a plain Error', () => {
    expect(isTransient(new Error('boom'))).toBe(false);
  });

  it.each([null, undefined, 'ECONNREFUSED', 42, { name: 'MongoNetworkError' }, { code: 'ECONNREFUSED' }])(
    'is false for the non-Error value %p',
    (v) => expect(isTransient(v)).toBe(false),
  );
});
