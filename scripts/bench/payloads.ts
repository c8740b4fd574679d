// Payloads the benchmark and chaos mixes send, in the shape avsc encodes (decimals as
// bigint minor units): built here once, so both runs send requests of the same shape
// and a schema change is followed in one place. The mixes choose the values.
import { UNCHANGED } from '../../services/contact-worker/src/domain/types';

/** A card registered at a point of sale, with one wallet. */
export function registerCard(cardNumber: string, phoneNumber: string | undefined, gender: 'F' | 'M', pinHmac: string) {
  return {
    cardNumber,
    identity: { posId: null, posNumber: '12', posOperatorId: null, posOperatorNumber: 0, siteId: 'SITE-1' },
    loyaltyCard: {
      cardNumber,
      phoneNumber,
      gender,
      cardPinHmac: pinHmac,
      wallets: [
        {
          id: 'Stickers2016',
          balance: 12345n,
          stat: { lost: 0n, transferredOut: 100n, transferredIn: null, issued: 12445n },
          version: 'abc',
        },
      ],
    },
  };
}

/** A notice to a person, or (`action`) an identity-verification request, sent by the system. */
export function createContact(
  contactId: string,
  owner: { personalId: string; accountId: string },
  action: boolean,
  linkUrl: string,
): Record<string, unknown> {
  return {
    contactId,
    audience: 'PERSON',
    personalId: owner.personalId,
    accountId: owner.accountId,
    kind: action ? 'ACTION_REQUEST' : 'NOTICE',
    actionRequestType: action ? 'IDENTITY_VERIFICATION' : null,
    policyNumber: null,
    title: 'お知らせ',
    body: 'マイページをご確認ください。',
    linkUrl,
    publishAt: Date.now(),
    sender: { name: 'SystemAdmin', type: 'SYSTEM' },
    createdBy: 'crm-operator-01',
  };
}

/** An UpdateContact by the operator that changes only what `over` says. */
export const updateContact = (contactId: string, over: Record<string, unknown>): Record<string, unknown> => ({
  contactId,
  updatedBy: 'crm-operator-02',
  ...UNCHANGED,
  ...over,
});
