// A partition's commits under way are waited for, whether they commit or fail, and only
// those: another partition's, or a commit made after the wait began, do not hold it.
import { InFlightCommits } from '../src/kafka/in-flight-commits';

function later<T>(ms: number, value: T, fail = false): Promise<T> {
  return new Promise((resolve, reject) => setTimeout(() => (fail ? reject(new Error('x')) : resolve(value)), ms));
}

test('settled waits for every commit of the partition under way, failed ones included', async () => {
  const commits = new InFlightCommits();
  const done: string[] = [];
  void commits.track('t:0', later(30, 'a')).then(() => done.push('a'));
  void commits.track('t:0', later(60, 'b', true)).catch(() => done.push('b'));
  void commits.track('t:1', later(500, 'c'));
  const started = performance.now();
  await commits.settled('t:0');
  expect(done.sort()).toEqual(['a', 'b']);
  expect(performance.now() - started).toBeLessThan(400);
});

test('a partition with nothing under way does not wait, and tracking returns the commit itself', async () => {
  const commits = new InFlightCommits();
  await expect(commits.track('t:0', later(5, 7))).resolves.toBe(7);
  const started = performance.now();
  await commits.settled('t:0');
  await commits.settled('t:9');
  expect(performance.now() - started).toBeLessThan(20);
});
