// The card handlers: validate, decide with the pure rules, write through the store.
// They return an Outcome; the runtime replies, records and commits.
import { randomBytes } from 'node:crypto';
import type { Clock, Handler, HandlerContext, Outcome } from '@workers/runtime';
import { successStatus } from '../domain/codes';
import { replyEntity } from '../domain/entity';
import { decideActivate, decideChangePhone, decideLock, decideRegister, type Verdict } from '../domain/rules';
import type { CardOperationName, CardPayloads, CardRecord } from '../domain/types';
import { validateOperation } from '../domain/validate';
import type { CardStore } from '../store/card-store';
import { applyToCard } from './apply';

export type { Clock };

export interface CardHandlerDeps {
  cards: CardStore;
  clock: Clock;
  /** A new customer id: 32 lowercase hex characters. */
  newCustomerId?: () => string;
}

type Decide<N extends CardOperationName> = (req: CardPayloads[N], current: CardRecord | null, deps: Required<CardHandlerDeps>) => Verdict;

function handler<N extends CardOperationName>(op: N, deps: Required<CardHandlerDeps>, decide: Decide<N>): Handler {
  return async (payload: unknown, ctx: HandlerContext): Promise<Outcome> => {
    // The Avro schema guarantees the shape; the rules check the content.
    const req = payload as CardPayloads[N];
    const details = validateOperation(op, req);
    if (details.length > 0) return { code: 'ValidationFailed', details, entity: { cardNumber: req.cardNumber, customerId: null } };
    const r = await applyToCard(deps.cards, req.cardNumber, ctx.requestId, (current) => decide(req, current, deps));
    if (r.kind === 'reject') {
      return { code: r.verdict.code, details: r.verdict.details, entity: { cardNumber: req.cardNumber, customerId: null } };
    }
    const entity = r.record ? replyEntity(r.record) : { cardNumber: req.cardNumber, customerId: null };
    return { code: 'Success', status: successStatus(op), entity: { ...entity } };
  };
}

export function createHandlers(d: CardHandlerDeps): Record<CardOperationName, Handler> {
  const deps: Required<CardHandlerDeps> = { newCustomerId: () => randomBytes(16).toString('hex'), ...d };
  return {
    RegisterCard: handler('RegisterCard', deps, (req, cur, x) => decideRegister(cur, req, x.clock.now(), x.newCustomerId())),
    ActivateCard: handler('ActivateCard', deps, (req, cur, x) => decideActivate(cur, req.phoneNumber, x.clock.now())),
    ChangePhoneNumber: handler('ChangePhoneNumber', deps, (req, cur, x) => decideChangePhone(cur, req.phoneNumber, x.clock.now())),
    LockCard: handler('LockCard', deps, (_req, cur, x) => decideLock(cur, x.clock.now())),
  };
}
