// groupBy keeps every item, each group in the items' order, keys in first-seen order.
import { groupBy } from '../src/group-by';

test('groups by key, keeping the order of items within a group and of first-seen keys', () => {
  const items = [
    { t: 'b', n: 1 },
    { t: 'a', n: 2 },
    { t: 'b', n: 3 },
    { t: 'a', n: 4 },
    { t: 'c', n: 5 },
  ];
  const g = groupBy(items, (i) => i.t);
  expect([...g.keys()]).toEqual(['b', 'a', 'c']);
  expect(g.get('b')?.map((i) => i.n)).toEqual([1, 3]);
  expect(g.get('a')?.map((i) => i.n)).toEqual([2, 4]);
  expect([...g.values()].flat()).toHaveLength(items.length);
});

test('a large group is built in linear time (no copy per item)', () => {
  const items = Array.from({ length: 200_000 }, (_, n) => n);
  expect(groupBy(items, () => 'one').get('one')).toHaveLength(200_000);
});
