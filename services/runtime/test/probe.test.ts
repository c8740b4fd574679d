// probeAll asks every dependency at once and says which one does not serve (never
// rejects); one that does not answer in time counts as not serving.
import { probeAll, type DependencyProbe } from '../src/probe';

const probe = (name: string, check: () => Promise<void>): DependencyProbe => ({ name, check });

test('null when every probe resolves', async () => {
  expect(await probeAll([probe('a', async () => undefined), probe('b', async () => undefined)])()).toBeNull();
  expect(await probeAll([])()).toBeNull();
});

test('the failure of one, naming it, its error as the cause', async () => {
  const cause = new Error('not primary');
  const down = await probeAll([probe('a', async () => undefined), probe('mongodb', () => Promise.reject(cause))])();
  expect(down?.message).toBe('mongodb does not serve: not primary');
  expect(down?.cause).toBe(cause);
});

test('a probe that hangs counts as not serving after the timeout', async () => {
  const hung = probe('registry', () => new Promise<void>(() => undefined));
  const started = Date.now();
  const down = await probeAll([hung], 50)();
  expect(down?.message).toBe('registry does not serve: registry: no answer within 50 ms');
  expect(Date.now() - started).toBeLessThan(1_000);
});
