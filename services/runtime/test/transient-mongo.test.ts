// A MongoDB server that steps down, shuts down or cannot satisfy a write concern answers
// with errors, not refused connections: each such answer is transient from its own code,
// with or without a retry label; a refused login is a refusal (wait and alert); a
// duplicate key or a validation failure stays an answer. The errors are the driver's own
// classes, built from documents shaped as the server sends them.
import { KafkaJSProtocolError } from 'kafkajs';
import { MongoBulkWriteError, MongoServerError, MongoServerSelectionError, MongoWriteConcernError } from 'mongodb';
import { DependencyRefusedError, isRefusal, isTransient, TransientError } from '../src/transient';

const serverError = (code: number, codeName: string, labels?: string[]): MongoServerError =>
  new MongoServerError({
    ok: 0,
    code,
    codeName,
    errmsg: `${codeName} (from the server)`,
    ...(labels ? { errorLabels: labels } : {}),
  });

const stepdownShaped: [number, string][] = [
  [10107, 'NotWritablePrimary'],
  [13435, 'NotPrimaryNoSecondaryOk'],
  [13436, 'NotPrimaryOrSecondary'],
  [189, 'PrimarySteppedDown'],
  [11602, 'InterruptedDueToReplStateChange'],
  [91, 'ShutdownInProgress'],
  [11600, 'InterruptedAtShutdown'],
  [10058, 'LegacyNotPrimary'],
];
const networkClass: [number, string][] = [
  [6, 'HostUnreachable'],
  [7, 'HostNotFound'],
  [89, 'NetworkTimeout'],
  [9001, 'SocketException'],
  [262, 'ExceededTimeLimit'],
  [50, 'MaxTimeMSExpired'],
];

describe('MongoDB server answers', () => {
  it.each([...stepdownShaped, ...networkClass])('code %i (%s) without a label is transient', (code, name) => {
    const err = serverError(code, name);
    expect(err.errorLabels).toEqual([]);
    expect(isTransient(err)).toBe(true);
    expect(isRefusal(err)).toBe(false);
  });

  it.each(stepdownShaped)('code %i (%s) with the RetryableWriteError label is transient', (code, name) => {
    expect(isTransient(serverError(code, name, ['RetryableWriteError']))).toBe(true);
  });

  it('a label alone makes an otherwise unknown code transient', () => {
    expect(isTransient(serverError(251, 'NoSuchTransaction', ['TransientTransactionError']))).toBe(true);
  });

  it('codes that are answers stay permanent', () => {
    expect(isTransient(serverError(11000, 'DuplicateKey'))).toBe(false);
    expect(isTransient(serverError(121, 'DocumentValidationFailure'))).toBe(false);
    expect(isTransient(serverError(2, 'BadValue'))).toBe(false);
    expect(isTransient(serverError(1, 'InternalError'))).toBe(false);
  });

  it('the code may come as a string-like number (promoteValues false)', () => {
    const err = new MongoServerError({ ok: 0, code: { valueOf: () => 10107 } as unknown as number, errmsg: 'x' });
    expect(isTransient(err)).toBe(true);
  });
});

describe('write concern not satisfied', () => {
  // What a write answered `ok: 1` with a writeConcernError looks like (the driver's own class).
  const wceResult = (
    code: number,
    codeName: string,
    labels?: string[],
  ): ConstructorParameters<typeof MongoWriteConcernError>[0] => ({
    ok: 1,
    n: 1,
    writeConcernError: { code, codeName, errmsg: `waiting for replication timed out (${codeName})`, errInfo: {} },
    ...(labels ? { errorLabels: labels } : {}),
  });

  it.each([
    [64, 'WriteConcernTimeout'],
    [100, 'UnsatisfiableWriteConcern'],
    [91, 'ShutdownInProgress'],
  ])('MongoWriteConcernError %i (%s), no label, is transient', (code, name) => {
    const err = new MongoWriteConcernError(wceResult(code, name));
    expect(err.code).toBe(code);
    expect(isTransient(err)).toBe(true);
  });

  it('a write concern error of any code is transient (the write waits for its acknowledgement)', () => {
    expect(isTransient(new MongoWriteConcernError(wceResult(79, 'UnknownReplWriteConcern')))).toBe(true);
  });

  it('a bulk write whose write concern failed (the driver wraps it with the code and no write errors)', () => {
    const err = new MongoBulkWriteError({ message: 'waiting for replication timed out', code: 64 }, {
      writeConcernErrors: [{ code: 64 }],
    } as never);
    expect(isTransient(err)).toBe(true);
  });

  it('an error carrying a writeConcernError document is transient', () => {
    const err = new MongoServerError({ ok: 0, errmsg: 'x', writeConcernError: { code: 64, errmsg: 'timeout' } });
    expect(isTransient(err)).toBe(true);
  });
});

describe('refusals: a configuration fault, waited out and alerted, never answered', () => {
  it.each([
    [18, 'AuthenticationFailed'],
    [13, 'Unauthorized'],
    [11, 'UserNotFound'],
  ])('MongoServerError %i (%s) is a refusal, and waited out', (code, name) => {
    const err = serverError(code, name);
    expect(isRefusal(err)).toBe(true);
    expect(isTransient(err)).toBe(true);
  });

  it('a server selection that failed on a refused login is a refusal', () => {
    const auth = serverError(18, 'AuthenticationFailed');
    const selection = new MongoServerSelectionError('Authentication failed.', {
      type: 'Unknown',
      servers: new Map([['db:27017', { error: auth }]]),
      error: auth,
    } as never);
    expect(isRefusal(selection)).toBe(true);
    const plain = new MongoServerSelectionError('timed out', { type: 'Unknown', servers: new Map() } as never);
    expect(isRefusal(plain)).toBe(false);
    expect(isTransient(plain)).toBe(true);
  });

  it('DependencyRefusedError is a refusal, also as a cause', () => {
    const err = new DependencyRefusedError('schema-registry', 'registry answered 401');
    expect(err.dependency).toBe('schema-registry');
    expect(err.name).toBe('DependencyRefusedError');
    expect(isRefusal(err)).toBe(true);
    expect(isTransient(err)).toBe(true);
    expect(isRefusal(new Error('decode', { cause: err }))).toBe(true);
  });

  it('Kafka authorization failures are refusals', () => {
    const protocol = new KafkaJSProtocolError({
      message: 'denied',
      type: 'TOPIC_AUTHORIZATION_FAILED',
      code: 29,
      retriable: false,
    } as never);
    expect(isRefusal(protocol)).toBe(true);
  });

  it('a transient failure is not a refusal', () => {
    expect(isRefusal(new TransientError('registry 503'))).toBe(false);
    expect(isRefusal(serverError(10107, 'NotWritablePrimary'))).toBe(false);
    expect(isRefusal(new TypeError('x', { cause: new DependencyRefusedError('x', 'y') }))).toBe(false);
  });
});
