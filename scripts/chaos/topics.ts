// The topics of one chaos or fuzz run: the declared names under the run's prefix, so
// runs on one stack never share a topic.
import { topicVariables } from '@workers/contracts';

export interface RunTopics {
  cards: string;
  cardReplies: string;
  contacts: string;
  contactReplies: string;
  accounts: string;
  accountReplies: string;
  events: string;
}

export function topicsOf(prefix: string): RunTopics {
  const v = topicVariables(prefix);
  return {
    cards: v.CARD_REQUEST_TOPIC,
    cardReplies: v.CARD_REPLY_TOPIC,
    contacts: v.CONTACT_REQUEST_TOPIC,
    contactReplies: v.CONTACT_REPLY_TOPIC,
    accounts: v.ACCOUNT_REQUEST_TOPIC,
    accountReplies: v.ACCOUNT_REPLY_TOPIC,
    events: v.CONTACT_EVENT_TOPIC,
  };
}
