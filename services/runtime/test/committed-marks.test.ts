// A message this process committed is never handed to the engine again, whatever kafkajs
// fetches after a rejoin or a seek back; marks only grow and are kept per partition.
import { CommittedMarks } from '../src/kafka/committed-marks';

const batch = (...offsets: number[]) => offsets.map((o) => ({ offset: String(o) }));

test('messages at or below what this process committed are done; the rest are to do', () => {
  const marks = new CommittedMarks();
  marks.note('t:0', '149');
  const { done, todo } = marks.split('t:0', batch(100, 149, 150, 151));
  expect(done.map((m) => m.offset)).toEqual(['100', '149']);
  expect(todo.map((m) => m.offset)).toEqual(['150', '151']);
});

test('a mark never moves back, and partitions are apart', () => {
  const marks = new CommittedMarks();
  marks.note('t:0', '200');
  marks.note('t:0', '150');
  expect(marks.split('t:0', batch(199, 200, 201)).todo.map((m) => m.offset)).toEqual(['201']);
  expect(marks.split('t:1', batch(5)).todo.map((m) => m.offset)).toEqual(['5']);
});

test('offsets compare as numbers, not as text', () => {
  const marks = new CommittedMarks();
  marks.note('t:0', '99');
  expect(marks.split('t:0', batch(100, 1000)).done).toEqual([]);
});
