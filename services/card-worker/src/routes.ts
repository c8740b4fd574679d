// The card worker's routing table: one request topic, its reply topic and DLQ, and its
// operations, each in its own file under operations/ with its validation, its
// decision and every code it can answer with its status. The runtime runs validate →
// apply-once (batched) → reply for each, and checks this table at start against the
// cluster, the registry and the operations' code lists (runtime route-check.ts).
import { requestRoute, type Route } from '@workers/runtime';
import { CARD_MESSAGES, type CardCode } from './domain/codes';
import type { CardOperationName } from './domain/types';
import { activateCard } from './operations/activate-card';
import { changePhoneNumber } from './operations/change-phone-number';
import { lockCard } from './operations/lock-card';
import { registerCard } from './operations/register-card';
import type { CardPhones } from './store/card-phones';
import { CARDS } from './store/collections';

export interface CardTopics {
  requests: string;
  replies: string;
  /** Further topics a request's `reply-topic` header may name. */
  extraReplies?: readonly string[];
}

export { CARDS };

/** The operations of alcs.card.requests; `phones` prepares the requests' phone numbers for the decisions. */
export function cardOperations(phones: CardPhones) {
  return {
    RegisterCard: registerCard(phones),
    ActivateCard: activateCard(phones),
    ChangePhoneNumber: changePhoneNumber(phones),
    LockCard: lockCard(),
  } satisfies Record<CardOperationName, unknown>;
}

/** `phones` hashes and encrypts the requests' phone numbers before the decisions see them. */
export function cardRoutes(topics: CardTopics, deps: { phones: CardPhones }): Route[] {
  return [
    requestRoute({
      topic: topics.requests,
      replyTopic: topics.replies,
      replyTopicsAllowed: topics.extraReplies ?? [],
      messages: CARD_MESSAGES,
      // Answered when a request names no operation: the source names an unhandled error UnknownError.
      codes: { MalformedRequest: 400, UnknownError: 500 },
      errorCode: 'UnknownError',
      operations: cardOperations(deps.phones),
      // ALCS shows `message` to the customer and `cashierMessage` to the cashier.
      reply: (common, outcome, envelope) => ({
        ...common,
        cashierMessage: CARD_MESSAGES.message(
          common.messageCode as CardCode,
          envelope?.responseLanguage?.cashierLanguage,
        ),
        cardNumber: outcome.entity?.cardNumber ?? null,
        customerId: outcome.entity?.customerId ?? null,
      }),
    }),
  ];
}
