// Documents for unit tests: a contact due now, and accounts with a fake ciphertext
// (the e-mail is the ciphertext, so a fake decryptEmail can read it back).
import type { AccountView, ContactView } from '../../src/domain/types';

export const NOW = 1_700_000_000_000;

export function contact(over: Partial<ContactView> = {}): ContactView {
  return {
    contactId: 'C-1',
    audience: 'PERSON',
    personalId: 'P-1',
    accountId: null,
    kind: 'NOTICE',
    linkUrl: 'https://mypage.example.jp/notices/1',
    publishAt: NOW - 1000,
    valid: true,
    answerStatus: 'NOT_APPLICABLE',
    deleted: false,
    approvedAt: NOW - 2000,
    mailSettled: false,
    ...over,
  };
}

export function account(accountId: string, over: Partial<AccountView> & { address?: string } = {}): AccountView {
  const { address, ...rest } = over;
  const to = address ?? `${accountId.toLowerCase()}@example.test`;
  return {
    accountId,
    personalId: 'P-1',
    email: { kid: 'k1', iv: 'iv', tag: 'tag', ct: to },
    emailHash: `hash:${to}`,
    mailDelivery: 'ENABLED',
    ...rest,
  };
}
