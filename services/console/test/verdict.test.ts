// Where a request stands when the operator asks: each verdict from what the topics,
// the record and the group's committed offset show.
import { verdict, type Seen, type VerdictInput } from '../src/domain/verdict';

const at = (topic: string, offset: number, timestamp: number, headers: Record<string, string> = {}): Seen => ({
  topic,
  partition: 1,
  offset,
  timestamp,
  headers,
});
const none: VerdictInput = {
  requests: [],
  replies: [],
  deadLetters: [],
  processed: null,
  group: null,
  searched: ['a.requests'],
  indexSince: null,
};
const group = (committed: number) => ({ groupId: 'card-worker', committed });

test('answered: the code and the time from the delivery that was answered', () => {
  const v = verdict({
    ...none,
    requests: [at('a.requests', 4, 1000), at('a.requests', 9, 5000)],
    replies: [at('a.replies', 2, 1040, { 'message-code': 'Success' })],
  });
  expect(v).toEqual({ kind: 'answered', messageCode: 'Success', latencyMs: 40 });
});

test('dead-lettered: the error and when; a replay after it waits like any request', () => {
  const dead = at('a.requests.dlq', 0, 2000, {
    'dlq-error': 'cannot decode',
    'dlq-failed-at': '2026-01-01T00:00:00.000Z',
  });
  expect(verdict({ ...none, requests: [at('a.requests', 3, 1990)], deadLetters: [dead], group: group(4) })).toEqual({
    kind: 'dead-lettered',
    error: 'cannot decode',
    failedAt: '2026-01-01T00:00:00.000Z',
  });
  const replayed = at('a.requests', 7, 3000, { 'dlq-replayed-from': 'a.requests.dlq:1:0' });
  expect(verdict({ ...none, requests: [replayed], deadLetters: [dead], group: group(5) })).toMatchObject({
    kind: 'waiting',
    committed: 5,
    ahead: 3,
  });
});

test('waiting behind lag: the group has not committed past it', () => {
  expect(verdict({ ...none, requests: [at('a.requests', 10, 1)], group: group(8) })).toEqual({
    kind: 'waiting',
    groupId: 'card-worker',
    partition: 1,
    committed: 8,
    ahead: 3,
  });
  expect(verdict({ ...none, requests: [at('a.requests', 0, 1)], group: group(-1) })).toMatchObject({
    kind: 'waiting',
    committed: null,
    ahead: 1,
  });
});

test('processed without a reply in sight, or passed by with neither', () => {
  expect(
    verdict({
      ...none,
      requests: [at('a.requests', 1, 1)],
      group: group(2),
      processed: { processedAt: 5, replyTopic: 'a.replies' },
    }),
  ).toEqual({ kind: 'processed-no-reply', processedAt: 5, replyTopic: 'a.replies' });
  expect(verdict({ ...none, requests: [at('a.requests', 1, 1)], group: group(2) })).toEqual({
    kind: 'passed-no-reply',
    groupId: 'card-worker',
    committed: 2,
  });
});

test('never arrived: where the console looked and how far back it remembers', () => {
  expect(verdict({ ...none, indexSince: 77 })).toEqual({
    kind: 'never-arrived',
    searched: ['a.requests'],
    indexSince: 77,
  });
});
