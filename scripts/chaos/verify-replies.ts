// The replies of a chaos run, as a read_committed client saw them, against what was
// sent and what the fault-free reference answered: every request answered, no
// reply to a request never sent, the reference's codes, the same answer to the
// same question (re-sends and redeliveries), and one approval event per approval.
import { counted, figure, type Figure } from './figures';
import type { ChaosRequest } from './mix';
import type { Observer } from './observe';
import type { Reference } from './reference';

export function replyFigures(requests: readonly ChaosRequest[], seen: Observer, ref: Reference): Figure[] {
  const meant = new Map<string, number>();
  for (const r of requests) meant.set(r.requestId, (meant.get(r.requestId) ?? 0) + 1);
  // What the request topics hold, when the observer read them: a slice the sender sent
  // again after a failed send may be there twice, and each copy is owed a reply.
  const sends = seen.written.size > 0 ? new Map([...meant].map(([id]) => [id, seen.written.get(id) ?? 0])) : meant;
  const resent = [...sends].reduce((n, [id, k]) => n + Math.max(0, k - (meant.get(id) ?? 0)), 0);
  const missing = [...sends].filter(([id, k]) => k < (meant.get(id) ?? 0)).map(([id]) => id);
  const unanswered: string[] = [];
  const wrongCode: string[] = [];
  const different: string[] = [];
  let extra = 0;
  /** The requestIds answered more often than they were sent, to look up in the workers' logs. */
  const beyond: string[] = [];
  let answeredTwice = 0;
  for (const [id, n] of sends) {
    const replies = seen.replies.get(id) ?? [];
    if (replies.length < n) unanswered.push(id);
    extra += Math.max(0, replies.length - n);
    if (replies.length > n) beyond.push(`${id} ×${replies.length}`);
    if (replies.length > 1) answeredTwice++;
    const codes = new Set(replies.map((r) => `${r.code}/${r.status}`));
    const want = ref.answers.get(id) ?? new Set();
    if (replies.length > 0 && (codes.size !== want.size || [...codes].some((c) => !want.has(c))))
      wrongCode.push(`${id}: ${[...codes].join('+')} ≠ ${[...want].join('+')}`);
    // One question, one answer: every reply to the same content is the same reply.
    const answers = new Set(replies.filter((r) => r.code !== 'DuplicateRequestId').map((r) => r.text));
    if (answers.size > 1) different.push(id);
  }
  const strangers = [...seen.replies.keys()].filter((id) => !sends.has(id));
  return [
    counted('requests on the request topics as meant', missing, meant.size, 'missing'),
    figure('messages sent again after a failed send', resent, true),
    counted('requests answered', unanswered, sends.size, 'unanswered'),
    figure('replies seen (read_committed)', seen.replyCount, true),
    figure('replies to requests never sent', strangers.length, strangers.length === 0),
    figure('requestIds answered more than once (re-sent or redelivered)', answeredTwice, true),
    figure(
      'replies beyond one per message sent',
      extra === 0 ? 0 : `${extra} (${beyond.slice(0, 3).join(', ')}${beyond.length > 3 ? ', …' : ''})`,
      extra === 0,
    ),
    counted('requestIds whose replies to the same content are identical', different, sends.size, 'different'),
    counted("requestIds answered with the fault-free run's codes", wrongCode, sends.size, 'different'),
  ];
}

/** One ContactApproved per approved contact, none for any other. */
export function eventFigures(seen: Observer, ref: Reference, contacts: string): Figure[] {
  const approved = [...(ref.entities[contacts] ?? new Map())].filter(([, c]) => c.valid === true).map(([id]) => id);
  const wrong = approved.filter((id) => seen.approvals.get(id) !== 1);
  const known = new Set(approved);
  const stray = [...seen.approvals.keys()].filter((id) => !known.has(id));
  return [
    counted('approved contacts with exactly one ContactApproved', wrong, approved.length, 'not one'),
    figure('ContactApproved events for contacts not approved', stray.length, stray.length === 0),
  ];
}
