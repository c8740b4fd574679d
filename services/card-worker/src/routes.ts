// The card worker's routing table: one request topic, its four operations, the
// reply topic and DLQ. Checked at start by the runtime (validateRoutes).
import type { Handler, Route } from '@workers/runtime';
import { cardMessage, CARD_CODE_TABLE, DEFAULT_LOCALE, INTERNAL_ERROR_CODE, type CardCode } from './domain/codes';
import type { CardOperationName } from './domain/types';

export interface CardTopics {
  requests: string;
  replies: string;
}

export function cardRoutes(topics: CardTopics, handlers: Record<CardOperationName, Handler>): Route[] {
  return [{
    topic: topics.requests,
    replyTopic: topics.replies,
    dlqTopic: `${topics.requests}.dlq`,
    codes: CARD_CODE_TABLE,
    defaultLocale: DEFAULT_LOCALE,
    operations: handlers,
    internalErrorCode: INTERNAL_ERROR_CODE as Record<string, string>,
    // ALCS shows `message` to the customer and `cashierMessage` to the cashier.
    reply: (common, outcome, envelope) => ({
      ...common,
      cashierMessage: cardMessage(common.messageCode as CardCode, envelope?.responseLanguage?.cashierLanguage),
      cardNumber: outcome.entity?.cardNumber ?? null,
      customerId: outcome.entity?.customerId ?? null,
    }),
  }];
}
