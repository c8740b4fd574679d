// Transience is read from the error's own properties: our TransientError, kafkajs's
// `retriable` (anywhere in the cause chain), the MongoDB driver's error classes and
// labels, Node's socket codes. Never from a class name; never for a programmer error.
import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
} from 'kafkajs';
import { MongoNetworkError, MongoServerError, MongoServerSelectionError } from 'mongodb';
import { isTransient, TransientError } from '../src/transient';

describe('isTransient', () => {
  it('is false for programmer errors, even with a transient code or cause', () => {
    expect(isTransient(new TypeError('x is undefined'))).toBe(false);
    expect(isTransient(new RangeError('out of range'))).toBe(false);
    expect(isTransient(new ReferenceError('nope'))).toBe(false);
    expect(isTransient(new SyntaxError('bad'))).toBe(false);
    expect(isTransient(Object.assign(new TypeError('x'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(isTransient(new RangeError('x', { cause: new TransientError('inner') }))).toBe(false);
  });

  it('is true for TransientError', () => {
    expect(isTransient(new TransientError('registry 503'))).toBe(true);
  });

  it('reads kafkajs errors by their retriable flag, through the wrappers of exhausted retries', () => {
    expect(isTransient(new KafkaJSConnectionError('refused'))).toBe(true);
    expect(
      isTransient(
        new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('refused'), { retryCount: 5, retryTime: 100 }),
      ),
    ).toBe(true);
    const protocol = (type: string, retriable: boolean) =>
      new KafkaJSProtocolError({ message: type, type, code: 0, retriable } as never);
    expect(isTransient(new KafkaJSNonRetriableError(protocol('TOPIC_AUTHORIZATION_FAILED', false)))).toBe(false);
    expect(isTransient(protocol('MESSAGE_TOO_LARGE', false))).toBe(false);
    expect(isTransient(protocol('NOT_LEADER_FOR_PARTITION', true))).toBe(true);
  });

  it('reads MongoDB driver errors by class and label', () => {
    expect(isTransient(new MongoNetworkError('reset'))).toBe(true);
    expect(
      isTransient(new MongoServerSelectionError('no server', { type: 'Unknown', servers: new Map() } as never)),
    ).toBe(true);
    const labelled = new MongoServerError({ message: 'not primary', code: 10107 });
    labelled.addErrorLabel('RetryableWriteError');
    expect(isTransient(labelled)).toBe(true);
    expect(isTransient(new MongoServerError({ message: 'duplicate key', code: 11000 }))).toBe(false);
  });

  it('does not trust a name alone', () => {
    const byName = new Error('x');
    byName.name = 'MongoNetworkError';
    expect(isTransient(byName)).toBe(false);
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN'])('is true for an Error with code %s', (code) => {
    expect(isTransient(Object.assign(new Error('socket'), { code }))).toBe(true);
  });

  it('is false for an Error with another code', () => {
    expect(isTransient(Object.assign(new Error('dup'), { code: 'E11000' }))).toBe(false);
    expect(isTransient(Object.assign(new Error('num'), { code: 11000 }))).toBe(false);
  });

  it('follows nested causes, and stops at a self-reference', () => {
    const inner = Object.assign(new Error('connect'), { code: 'ECONNREFUSED' });
    expect(isTransient(new Error('outer', { cause: inner }))).toBe(true);
    expect(isTransient(new Error('a', { cause: new Error('b') }))).toBe(false);
    expect(isTransient(new Error('a', { cause: 'ECONNREFUSED' }))).toBe(false);
    const e = new Error('self');
    (e as { cause?: unknown }).cause = e;
    expect(isTransient(e)).toBe(false);
  });

  it.each([null, undefined, 'ECONNREFUSED', 42, { name: 'MongoNetworkError' }, { code: 'ECONNREFUSED' }])(
    'is false for the non-Error value %p',
    (v) => expect(isTransient(v)).toBe(false),
  );
});
