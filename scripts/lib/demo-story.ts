// The demo's story, as data: each step is one request (operator JSON, the form of
// docs/requests/) and the reply code it must get. Ids carry the run id, so runs on
// a reused stack never meet. Accounts first (one opts out of mail: 配信停止), then a
// card's life, then contacts: one approved (mailed), edited (not mailed), one deleted
// before approval (never mailed), one refused, and a broadcast (全体通知).
import { DEFAULT_TOPIC } from '@workers/contracts';

const ACCOUNTS = DEFAULT_TOPIC.ACCOUNT_REQUEST_TOPIC;
const CARDS = DEFAULT_TOPIC.CARD_REQUEST_TOPIC;
const CONTACTS = DEFAULT_TOPIC.CONTACT_REQUEST_TOPIC;

export interface Step {
  title: string;
  topic: typeof ACCOUNTS | typeof CARDS | typeof CONTACTS;
  request: Record<string, unknown>;
  expect: string;
}

export interface Story {
  steps: Step[];
  /** Who must receive how many mails (the opted-out account none). */
  mails: Record<string, number>;
  personalIds: string[];
}

const op = (name: string, fields: Record<string, unknown>, source = 'CRM') => ({
  source,
  operation: { [name]: fields },
});

export function demoStory(run: string, now = Date.now()): Story {
  const [taro, hanako, jiro] = ['taro', 'hanako', 'jiro'].map((n) => `${n}.${run}@example.jp`) as [
    string,
    string,
    string,
  ];
  const acc = (n: number) => `DEMO-${run}-A${n}`;
  const person = (n: number) => `DEMO-${run}-P${n}`;
  const contact = (n: string) => `DEMO-${run}-${n}`;
  const card = `99${run
    .replace(/[^0-9]/g, '')
    .padEnd(6, '7')
    .slice(0, 6)}${String(now).slice(-6)}`;
  const phone = '+48600100200';
  const upsert = (n: number, email: string) =>
    op(
      'UpsertAccount',
      {
        accountId: acc(n),
        personalId: person(n),
        email,
        phone: '090-1234-5678',
        externalAuth: n === 2,
        mailDelivery: 'ENABLED',
      },
      'WEB',
    );
  const create = (id: string, f: Record<string, unknown>) =>
    op('CreateContact', {
      contactId: contact(id),
      audience: 'PERSON',
      kind: 'NOTICE',
      title: 'お知らせ',
      body: 'マイページをご確認ください。',
      publishAt: new Date(now).toISOString(),
      sender: { name: 'SystemAdmin', type: 'SYSTEM' },
      createdBy: 'demo-operator',
      ...f,
    });
  const update = (id: string, f: Record<string, unknown>) =>
    op('UpdateContact', { contactId: contact(id), updatedBy: 'demo-operator', ...f });
  return {
    personalIds: [person(1), person(2), person(3)],
    mails: { [taro]: 2, [hanako]: 1, [jiro]: 0 },
    steps: [
      { title: 'account for Taro', topic: ACCOUNTS, request: upsert(1, taro), expect: 'Success' },
      {
        title: 'account for Hanako (external sign-in)',
        topic: ACCOUNTS,
        request: upsert(2, hanako),
        expect: 'Success',
      },
      { title: 'account for Jiro', topic: ACCOUNTS, request: upsert(3, jiro), expect: 'Success' },
      {
        title: 'Jiro stops mail (配信停止)',
        topic: ACCOUNTS,
        request: op('UpdateAccountContact', {
          accountId: acc(3),
          personalId: person(3),
          mailDelivery: 'STOPPED',
          updatedBy: 'crm-operator',
        }),
        expect: 'Success',
      },
      {
        title: "wrong person for Hanako's account",
        topic: ACCOUNTS,
        request: op('UpdateAccountContact', {
          accountId: acc(2),
          personalId: person(1),
          email: hanako,
          updatedBy: 'crm-operator',
        }),
        expect: 'PersonalIdMismatch',
      },
      {
        title: 'register a loyalty card',
        topic: CARDS,
        request: op(
          'RegisterCard',
          {
            cardNumber: card,
            identity: { posNumber: '12', posOperatorNumber: 0, siteId: 'SITE-001' },
            loyaltyCard: {
              cardNumber: card,
              phoneNumber: phone,
              gender: 'F',
              cardPinHmac: 'ab'.repeat(32),
              wallets: [
                {
                  id: 'points',
                  balance: '123.45',
                  stat: { lost: '0.00', transferredOut: '10.50', issued: '133.95' },
                  version: 'abc',
                },
              ],
            },
          },
          'ALCS',
        ),
        expect: 'Success',
      },
      {
        title: 'activate it with a wrong phone',
        topic: CARDS,
        request: op('ActivateCard', { cardNumber: card, phoneNumber: '+48600999999' }, 'ALCS'),
        expect: 'IncorrectPhoneNumber',
      },
      {
        title: 'activate it',
        topic: CARDS,
        request: op('ActivateCard', { cardNumber: card, phoneNumber: phone }, 'ALCS'),
        expect: 'Success',
      },
      {
        title: 'lock it',
        topic: CARDS,
        request: op('LockCard', { cardNumber: card }, 'ALCS'),
        expect: 'Success',
      },
      {
        title: 'activate the locked card',
        topic: CARDS,
        request: op('ActivateCard', { cardNumber: card, phoneNumber: phone }, 'ALCS'),
        expect: 'CardWasNotWaitingForActivation',
      },
      {
        title: 'action request to Taro (本人確認提出)',
        topic: CONTACTS,
        request: create('C1', {
          personalId: person(1),
          accountId: acc(1),
          kind: 'ACTION_REQUEST',
          actionRequestType: 'IDENTITY_VERIFICATION',
          title: '本人確認書類のご提出のお願い',
          linkUrl: 'https://mypage.example.jp/identity/upload',
        }),
        expect: 'Success',
      },
      {
        title: 'approve it (承認: mails Taro)',
        topic: CONTACTS,
        request: update('C1', { approvedBy: 'demo-manager' }),
        expect: 'Success',
      },
      {
        title: 'edit it (no mail)',
        topic: CONTACTS,
        request: update('C1', { title: '【再送】本人確認書類のご提出のお願い' }),
        expect: 'Success',
      },
      {
        title: 'notice to Hanako',
        topic: CONTACTS,
        request: create('C2', { personalId: person(2) }),
        expect: 'Success',
      },
      {
        title: 'delete it before approval (no mail)',
        topic: CONTACTS,
        request: op('DeleteContact', { contactId: contact('C2'), deletedBy: 'demo-operator' }),
        expect: 'Success',
      },
      {
        title: 'payment-route defect without policy number',
        topic: CONTACTS,
        request: create('C3', {
          personalId: person(1),
          kind: 'ACTION_REQUEST',
          actionRequestType: 'PAYMENT_ROUTE_DEFECT',
        }),
        expect: 'PolicyNumberRequired',
      },
      {
        title: 'broadcast notice (全体通知)',
        topic: CONTACTS,
        request: create('B1', { audience: 'ALL', title: 'メンテナンスのお知らせ' }),
        expect: 'Success',
      },
      {
        title: 'approve the broadcast (mails Taro and Hanako, not Jiro)',
        topic: CONTACTS,
        request: update('B1', { approvedBy: 'demo-manager' }),
        expect: 'Success',
      },
    ],
  };
}
