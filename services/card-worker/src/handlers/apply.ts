// The write loop every card handler shares: read the card, recognise a request
// already applied (redelivery after a crash between write and reply), decide with
// a pure rule, then write conditionally on the revision read; a concurrent change
// (another instance during a rebalance) re-reads and decides again.
import { TransientError, type Outcome } from '@workers/runtime';
import type { CardRecord } from '../domain/types';
import type { CardStore, StoredCard } from '../store/card-store';

export type Decision =
  | { kind: 'reject'; outcome: Outcome }
  | { kind: 'noop'; outcome: Outcome }
  | { kind: 'apply'; next: CardRecord; outcome: Outcome };

const MAX_CONFLICTS = 5;

export async function applyToCard(
  cards: CardStore,
  cardNumber: string,
  requestId: string,
  decide: (current: StoredCard | null) => Decision,
  replayed: (stored: StoredCard) => Outcome,
): Promise<Outcome> {
  for (let i = 0; i < MAX_CONFLICTS; i++) {
    const current = await cards.find(cardNumber);
    const mark = current?.applied.find((m) => m.requestId === requestId);
    if (current && mark) return replayed(current);
    const d = decide(current);
    if (d.kind !== 'apply') return d.outcome;
    const mk = { requestId, code: d.outcome.code };
    if (!current) {
      if ((await cards.insert(d.next, mk)) === 'inserted') return d.outcome;
    } else if (await cards.replace(d.next, current.record.revision, mk)) {
      return d.outcome;
    }
  }
  // Still conflicting after several re-reads: contention passes, so the runtime
  // retries the request later rather than answering with an error.
  throw new TransientError(`card ${cardNumber}: concurrent modifications`);
}
