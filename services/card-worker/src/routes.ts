// The card worker's routing table, and the one answer to "where does a card
// operation go and what can it reply?": one request topic, its reply topic and
// DLQ, and per operation the entity it acts on, its validation, its pure decision,
// every code it may answer, its success status and its error code. The runtime
// runs validate → apply-once (batched) → reply for each, and checks this table
// at start against the cluster, the registry and the code table.
import { operation, requestRoute, type Route } from '@workers/runtime';
import { CARD_CODES, INTERNAL_ERROR_CODE, type CardCode } from './domain/codes';
import { cardDecision } from './domain/decision';
import { decideActivate, decideChangePhone, decideLock, decideRegister } from './domain/rules';
import type { ActivateCard, CardRecord, ChangePhoneNumber, LockCard, RegisterCard } from './domain/types';
import { validateActivate, validateChangePhone, validateLock, validateRegister } from './domain/validate';
import type { CardPhones } from './store/card-phones';
import { CARDS } from './store/collections';

export interface CardTopics {
  requests: string;
  replies: string;
  /** Further topics a request's `reply-topic` header may name. */
  extraReplies?: readonly string[];
}

export { CARDS };

const byCard = {
  entity: CARDS,
  key: (r: { cardNumber: string }) => r.cardNumber,
  replyEntity: (_r: unknown, cardNumber: string) => ({ cardNumber, customerId: null }),
};
const errorCode = (op: keyof typeof INTERNAL_ERROR_CODE): CardCode => INTERNAL_ERROR_CODE[op] ?? 'InternalError';

/** `phones` hashes and encrypts the requests' phone numbers before the rules see them. */
export function cardRoutes(topics: CardTopics, deps: { phones: CardPhones }): Route[] {
  const { phones } = deps;
  return [
    requestRoute({
      topic: topics.requests,
      replyTopic: topics.replies,
      replyTopicsAllowed: topics.extraReplies ?? [],
      codes: CARD_CODES,
      errorCode: 'UnknownError',
      operations: {
        RegisterCard: operation<RegisterCard, CardRecord>({
          ...byCard,
          validate: validateRegister,
          decide: (cur, req, ctx) => {
            const phone = phones.sealOptional(req.loyaltyCard.phoneNumber, req.cardNumber);
            return cardDecision(decideRegister(cur, req, ctx.now, ctx.newId(), phone), cur, req.cardNumber);
          },
          codes: ['Success', 'CardAlreadyRegistered', 'ValidationFailed'],
          successStatus: CARD_CODES.successStatus('RegisterCard'),
          errorCode: errorCode('RegisterCard'),
        }),
        ActivateCard: operation<ActivateCard, CardRecord>({
          ...byCard,
          validate: validateActivate,
          decide: (cur, req, ctx) =>
            cardDecision(decideActivate(cur, phones.hashOf(req.phoneNumber), ctx.now), cur, req.cardNumber),
          codes: [
            'Success',
            'CustomerWithGivenCardNumberNotFound',
            'IncorrectPhoneNumber',
            'CardWasNotWaitingForActivation',
          ],
          successStatus: CARD_CODES.successStatus('ActivateCard'),
          errorCode: errorCode('ActivateCard'),
        }),
        ChangePhoneNumber: operation<ChangePhoneNumber, CardRecord>({
          ...byCard,
          validate: validateChangePhone,
          decide: (cur, req, ctx) =>
            cardDecision(
              decideChangePhone(cur, phones.seal(req.phoneNumber, req.cardNumber), ctx.now),
              cur,
              req.cardNumber,
            ),
          codes: ['Success', 'CustomerWithGivenCardNumberNotFound', 'ValidationFailed'],
          successStatus: CARD_CODES.successStatus('ChangePhoneNumber'),
          errorCode: errorCode('ChangePhoneNumber'),
        }),
        LockCard: operation<LockCard, CardRecord>({
          ...byCard,
          validate: validateLock,
          decide: (cur, req, ctx) => cardDecision(decideLock(cur, ctx.now), cur, req.cardNumber),
          codes: ['Success', 'CustomerWithGivenCardNumberNotFound'],
          successStatus: CARD_CODES.successStatus('LockCard'),
          errorCode: errorCode('LockCard'),
        }),
      },
      // ALCS shows `message` to the customer and `cashierMessage` to the cashier.
      reply: (common, outcome, envelope) => ({
        ...common,
        cashierMessage: CARD_CODES.message(common.messageCode as CardCode, envelope?.responseLanguage?.cashierLanguage),
        cardNumber: outcome.entity?.cardNumber ?? null,
        customerId: outcome.entity?.customerId ?? null,
      }),
    }),
  ];
}
