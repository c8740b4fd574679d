// A chaos run names the requests answered more often than they were sent, so that a MISS can be
// followed into the workers' logs; a run with none says 0.
import type { ChaosRequest } from '../../../scripts/chaos/mix';
import { Observer, type SeenReply } from '../../../scripts/chaos/observe';
import type { Reference } from '../../../scripts/chaos/reference';
import { replyFigures } from '../../../scripts/chaos/verify-replies';

const reply = (id: string, offset: number): SeenReply =>
  ({
    topic: 'r',
    partition: 0,
    offset: String(offset),
    text: `{"id":"${id}"}`,
    code: 'Success',
    status: 204,
    correlationId: id,
  }) as SeenReply;

function seen(counts: Record<string, number>): Observer {
  const o = Object.create(Observer.prototype) as Observer;
  Object.assign(o, { replies: new Map(), written: new Map(), replyCount: 0 });
  let offset = 0;
  for (const [id, n] of Object.entries(counts))
    o.replies.set(
      id,
      Array.from({ length: n }, () => reply(id, offset++)),
    );
  return o;
}

const requests = ['a', 'b', 'c'].map((requestId) => ({ requestId }) as ChaosRequest);
const ref: Reference = { answers: new Map(['a', 'b', 'c'].map((id) => [id, new Set(['Success/204'])])), entities: {} };
const beyond = (f: ReturnType<typeof replyFigures>) => f.find((x) => x.name === 'replies beyond one per message sent')!;

test('replies beyond one name their requestIds and how often each was answered', () => {
  expect(beyond(replyFigures(requests, seen({ a: 1, b: 3, c: 2 }), ref))).toEqual({
    name: 'replies beyond one per message sent',
    value: '3 (b ×3, c ×2)',
    ok: false,
  });
  expect(beyond(replyFigures(requests, seen({ a: 1, b: 1, c: 1 }), ref))).toMatchObject({ value: '0', ok: true });
});
