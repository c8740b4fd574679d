// The failCommand fail point decides as mongod does: which commands match (names, aliases, appName,
// namespace, never configureFailPoint), how each mode counts, which effect wins, and what it refuses.
import { FailCommandPoint, FailPointConfigError } from '../src/mongo-faults';
import type { CommandSeen } from '../src/mongo-faults/fail-command';

const cmd = (name: string, more: Partial<CommandSeen> = {}): CommandSeen => ({
  name,
  namespace: 'db.c',
  appName: 'app',
  ...more,
});

function point(mode: unknown, data: object): FailCommandPoint {
  const fp = new FailCommandPoint();
  fp.configure({ configureFailPoint: 'failCommand', mode, data });
  return fp;
}

test('off until configured; the reply counts activations so far, over every configuration', () => {
  const fp = new FailCommandPoint();
  expect(fp.evaluate(cmd('find'))).toBeUndefined();
  expect(
    fp.configure({
      configureFailPoint: 'failCommand',
      mode: 'alwaysOn',
      data: { failCommands: ['find'], errorCode: 1 },
    }),
  ).toEqual({ count: 0, ok: 1 });
  fp.evaluate(cmd('find'));
  fp.evaluate(cmd('find'));
  expect(fp.configure({ configureFailPoint: 'failCommand', mode: 'off' })).toEqual({ count: 2, ok: 1 });
  expect(fp.evaluate(cmd('find'))).toBeUndefined();
  expect(fp.timesEntered).toBe(2);
});

test('{times: 2} fails the next two matching commands; others neither fail nor count', () => {
  const fp = point({ times: 2 }, { failCommands: ['find'], errorCode: 10107 });
  expect(fp.evaluate(cmd('insert'))).toBeUndefined();
  expect(fp.evaluate(cmd('find'))?.errorCode).toBe(10107);
  expect(fp.evaluate(cmd('aggregate'))).toBeUndefined();
  expect(fp.evaluate(cmd('find'))?.errorCode).toBe(10107);
  expect(fp.evaluate(cmd('find'))).toBeUndefined();
  expect(fp.active).toBe(false);
});

test('{skip: 1} lets one through and fails every later one; probability 0 never, 1 always', () => {
  const skip = point({ skip: 1 }, { failCommands: ['find'], errorCode: 91 });
  expect([1, 2, 3].map(() => skip.evaluate(cmd('find'))?.errorCode)).toEqual([undefined, 91, 91]);
  const never = point({ activationProbability: 0 }, { failCommands: ['find'], errorCode: 91 });
  const always = point({ activationProbability: 1 }, { failCommands: ['find'], errorCode: 91 });
  expect([never.evaluate(cmd('find')), always.evaluate(cmd('find'))?.errorCode]).toEqual([undefined, 91]);
});

test('appName and namespace filter; aliases match; configureFailPoint never fails', () => {
  const fp = point('alwaysOn', {
    failCommands: ['isMaster', 'find', 'configureFailPoint'],
    errorCode: 1,
    appName: 'app',
  });
  expect(fp.evaluate(cmd('find', { appName: 'other' }))).toBeUndefined();
  expect(fp.evaluate(cmd('find', { appName: undefined }))).toBeUndefined();
  expect(fp.evaluate(cmd('ismaster'))?.errorCode).toBe(1);
  expect(fp.evaluate(cmd('configureFailPoint'))).toBeUndefined();
  const all = point('alwaysOn', { failAllCommands: true, errorCode: 1, namespace: 'db.c' });
  expect(all.evaluate(cmd('anything'))?.errorCode).toBe(1);
  expect(all.evaluate(cmd('find', { namespace: 'db.other' }))).toBeUndefined();
  expect(all.evaluate(cmd('configureFailPoint'))).toBeUndefined();
});

test('closeConnection beats errorCode beats writeConcernError; labels and block come along', () => {
  const wce = { code: 64, errmsg: 'timed out' };
  const data = {
    failCommands: ['insert'],
    blockConnection: true,
    blockTimeMS: 50,
    errorLabels: ['RetryableWriteError'],
  };
  expect(
    point('alwaysOn', { ...data, closeConnection: true, errorCode: 1, writeConcernError: wce }).evaluate(cmd('insert')),
  ).toEqual({
    blockMs: 50,
    closeConnection: true,
    errorCode: 1,
    errorLabels: ['RetryableWriteError'],
  });
  expect(
    point('alwaysOn', { ...data, errorCode: 1, writeConcernError: wce }).evaluate(cmd('insert'))?.writeConcernError,
  ).toBeUndefined();
  expect(point('alwaysOn', { ...data, writeConcernError: wce }).evaluate(cmd('insert'))?.writeConcernError).toEqual(
    wce,
  );
});

test('a write-concern error alone trips only commands that take a write concern', () => {
  const fp = point('alwaysOn', {
    failCommands: ['find', 'update', 'findandmodify', 'aggregate'],
    writeConcernError: { code: 100 },
  });
  expect(fp.evaluate(cmd('find'))).toBeUndefined();
  expect(fp.evaluate(cmd('update'))?.writeConcernError).toEqual({ code: 100 });
  expect(fp.evaluate(cmd('findAndModify'))?.writeConcernError).toEqual({ code: 100 });
  expect(fp.evaluate(cmd('aggregate', { body: { pipeline: [{ $match: {} }] } }))).toBeUndefined();
  expect(fp.evaluate(cmd('aggregate', { body: { pipeline: [{ $merge: 'x' }] } }))?.writeConcernError).toEqual({
    code: 100,
  });
  expect(fp.timesEntered).toBe(3);
});

test('a mode or data mongod would refuse is refused with its code', () => {
  const fp = new FailCommandPoint();
  const refusal = (c: object): unknown => {
    try {
      fp.configure({ configureFailPoint: 'failCommand', ...c });
    } catch (e) {
      return e instanceof FailPointConfigError ? e.code : e;
    }
    return 'accepted';
  };
  expect(refusal({ mode: 'sometimes' })).toBe(2);
  expect(refusal({ mode: { activationProbability: 2 } })).toBe(2);
  expect(refusal({ mode: 'alwaysOn', data: { failCommands: ['find'], blockConnection: true } })).toBe(72);
  expect(refusal({ mode: { times: 0 }, data: { failCommands: ['find'], errorCode: 1 } })).toBe('accepted');
  expect(fp.active).toBe(false);
});

test('clear() turns it off', () => {
  const fp = point('alwaysOn', { failCommands: ['find'], errorCode: 1 });
  fp.clear();
  expect(fp.evaluate(cmd('find'))).toBeUndefined();
});
