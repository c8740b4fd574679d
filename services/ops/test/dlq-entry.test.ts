import { DLQ_HEADERS } from '@workers/runtime';
import { describeEntry, dlqNamedBy, replayOf, selectEntries } from '../src/dlq-entry';
import type { RawMessage } from '../src/kafka/reader';

const entry = (over: Partial<RawMessage> = {}): RawMessage => ({
  topic: 'alcs.card.requests.dlq',
  partition: 0,
  offset: '7',
  timestamp: String(Date.UTC(2025, 0, 31, 9)),
  key: Buffer.from('4000123'),
  value: Buffer.from([0, 0, 0, 0, 9, 1, 2]),
  headers: {
    'trace-id': Buffer.from('t-1'),
    [DLQ_HEADERS.error]: Buffer.from('not in the Confluent wire format'),
    [DLQ_HEADERS.originTopic]: Buffer.from('alcs.card.requests'),
    [DLQ_HEADERS.originPartition]: Buffer.from('2'),
    [DLQ_HEADERS.originOffset]: Buffer.from('41'),
    [DLQ_HEADERS.failedAt]: Buffer.from('2025-01-31T09:00:00.000Z'),
  },
  ...over,
});

it('names the DLQ of a topic, or takes the DLQ itself', () => {
  expect(dlqNamedBy('alcs.card.requests')).toBe('alcs.card.requests.dlq');
  expect(dlqNamedBy('alcs.card.requests.dlq')).toBe('alcs.card.requests.dlq');
});

it('describes an entry by its headers and size, never its value', () => {
  expect(describeEntry(entry())).toEqual({
    partition: 0,
    offset: 7,
    timestamp: '2025-01-31T09:00:00.000Z',
    key: '4000123',
    error: 'not in the Confluent wire format',
    origin: { topic: 'alcs.card.requests', partition: 2, offset: 41 },
    failedAt: '2025-01-31T09:00:00.000Z',
    size: 7,
    headers: { 'trace-id': 't-1' },
  });
  expect(describeEntry(entry({ headers: {}, value: null, key: null }))).toMatchObject({
    key: null,
    error: null,
    origin: { topic: null, partition: null, offset: null },
    size: 0,
  });
});

describe('replayOf', () => {
  it('keeps key, bytes and other headers; replaces dlq-* by where the entry came from', () => {
    const e = entry();
    const r = replayOf(e, 'alcs.card.requests.dlq');
    expect(r).toEqual({
      from: 'alcs.card.requests.dlq:0:7',
      topic: 'alcs.card.requests',
      partition: 2,
      key: e.key,
      value: e.value,
      headers: { 'trace-id': Buffer.from('t-1'), 'dlq-replayed-from': 'alcs.card.requests.dlq:0:7' },
    });
    expect(r.value).toBe(e.value);
  });

  it('falls back to the name without .dlq and to the key when the origin is not recorded', () => {
    const r = replayOf(entry({ headers: { [DLQ_HEADERS.originPartition]: 'x' } }), 'crm.contact.requests.dlq');
    expect(r).toMatchObject({ topic: 'crm.contact.requests', partition: undefined });
  });

  it('drops the mark of an earlier replay', () => {
    const again = replayOf(
      entry({
        offset: '9',
        headers: { 'dlq-replayed-from': 'alcs.card.requests.dlq:0:7', [DLQ_HEADERS.error]: 'again' },
      }),
      'alcs.card.requests.dlq',
    );
    expect(again.headers).toEqual({ 'dlq-replayed-from': 'alcs.card.requests.dlq:0:9' });
  });
});

it('selects by offset in any partition or in one, and reports what matched nothing', () => {
  const all = [
    entry({ partition: 0, offset: '1' }),
    entry({ partition: 1, offset: '1' }),
    entry({ partition: 1, offset: '2' }),
  ];
  const { chosen, unmatched } = selectEntries(all, [
    { offset: 1n },
    { partition: 1, offset: 2n },
    { partition: 0, offset: 2n },
  ]);
  expect(chosen.map((m) => `${m.partition}:${m.offset}`)).toEqual(['0:1', '1:1', '1:2']);
  expect(unmatched).toEqual([{ partition: 0, offset: 2n }]);
});
