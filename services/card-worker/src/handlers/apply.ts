// The write loop every card handler shares: read the card, recognise a request
// already applied (redelivery after a crash between write and reply), decide with
// a pure rule, then write conditionally on the revision read; a concurrent change
// (another instance during a rebalance) re-reads and decides again.
import { TransientError } from '@workers/runtime';
import type { Verdict } from '../domain/rules';
import type { CardRecord } from '../domain/types';
import type { CardStore } from '../store/card-store';

export type Applied =
  | { kind: 'reject'; verdict: Extract<Verdict, { kind: 'reject' }> }
  | { kind: 'success'; record: CardRecord | null };

const MAX_CONFLICTS = 5;

export async function applyToCard(
  cards: CardStore,
  cardNumber: string,
  requestId: string,
  decide: (current: CardRecord | null) => Verdict,
): Promise<Applied> {
  for (let i = 0; i < MAX_CONFLICTS; i++) {
    const current = await cards.find(cardNumber);
    if (current?.applied.some((m) => m.requestId === requestId)) return { kind: 'success', record: current.record };
    const v = decide(current?.record ?? null);
    if (v.kind === 'reject') return { kind: 'reject', verdict: v };
    if (v.kind === 'noop') return { kind: 'success', record: current?.record ?? null };
    const mark = { requestId, code: 'Success' };
    if (!current) {
      if ((await cards.insert(v.next, mark)) === 'inserted') return { kind: 'success', record: v.next };
    } else if (await cards.replace(v.next, current.record.revision, mark)) {
      return { kind: 'success', record: v.next };
    }
  }
  // Still conflicting after several re-reads: contention passes, so the runtime
  // retries the request later rather than answering with an error.
  throw new TransientError(`card ${cardNumber}: concurrent modifications`);
}
