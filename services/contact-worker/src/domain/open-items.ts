// お客さんが対応されていない情報: a customer's open items are the action requests
// addressed to them that are valid (approved), not deleted and still UNANSWERED.
// Contract: isOpenItem is the rule; openItemView is what an operator may see of one
// (no body: it can be long; the sender's name is kept, it is shown on My Page anyway).
import type { ContactRecord } from './types';

export interface OpenItem {
  contactId: string;
  accountId: string | null;
  actionRequestType: string | null;
  policyNumber: string | null;
  title: string;
  linkUrl: string | null;
  publishAt: number;
  /** False while publishAt is in the future: approved, but not shown on My Page yet. */
  published: boolean;
  approvedAt: number | null;
  version: number;
}

export function isOpenItem(c: ContactRecord): boolean {
  return (
    c.audience === 'PERSON' && c.kind === 'ACTION_REQUEST' && c.valid && !c.deleted && c.answerStatus === 'UNANSWERED'
  );
}

/** The MongoDB filter equivalent to isOpenItem for one customer (kept beside the rule it mirrors). */
export function openItemsFilter(personalId: string): Record<string, unknown> {
  return {
    personalId,
    audience: 'PERSON',
    kind: 'ACTION_REQUEST',
    valid: true,
    deleted: false,
    answerStatus: 'UNANSWERED',
  };
}

export function openItemView(c: ContactRecord, now: number): OpenItem {
  return {
    contactId: c.contactId,
    accountId: c.accountId,
    actionRequestType: c.actionRequestType,
    policyNumber: c.policyNumber,
    title: c.title,
    linkUrl: c.linkUrl,
    publishAt: c.publishAt,
    published: c.publishAt <= now,
    approvedAt: c.approvedAt,
    version: c.version,
  };
}
