// A card Verdict as the runtime's Decision: what to answer and what to write.
// Contract: a rejection names the card and no customer; a success names the card
// and its customer (replyEntity: never the PIN HMAC, phone or wallets).
import type { Decision } from '@workers/runtime';
import { replyEntity } from './entity';
import type { Verdict } from './rules';
import type { CardRecord } from './types';

export function cardDecision(v: Verdict, current: CardRecord | null, cardNumber: string): Decision<CardRecord> {
  if (v.kind === 'reject') {
    return {
      outcome: { code: v.code, ...(v.details ? { details: v.details } : {}), entity: { cardNumber, customerId: null } },
    };
  }
  const record = v.kind === 'apply' ? v.next : current;
  const entity = record ? { ...replyEntity(record) } : { cardNumber, customerId: null };
  return v.kind === 'apply'
    ? { outcome: { code: 'Success', entity }, write: v.next }
    : { outcome: { code: 'Success', entity } };
}
