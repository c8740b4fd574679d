// The topics of one chaos or fuzz run: the declared names under the run's prefix, so
// runs on one stack never share a topic.
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
  return {
    cards: `${prefix}alcs.card.requests`,
    cardReplies: `${prefix}alcs.card.replies`,
    contacts: `${prefix}crm.contact.requests`,
    contactReplies: `${prefix}crm.contact.replies`,
    accounts: `${prefix}crm.account.requests`,
    accountReplies: `${prefix}crm.account.replies`,
    events: `${prefix}crm.contact.events`,
  };
}
