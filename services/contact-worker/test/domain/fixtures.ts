// Shared builders for the contact-worker domain tests.
import type { Decision, Detail } from '@workers/runtime';
import type { AccountCode, ContactCode } from '../../src/domain/codes';
import { decideUpdate } from '../../src/operations/update-contact';
import type {
  AccountRecord,
  Crypto,
  EncryptedField,
  UpdateAccountContact,
  UpsertAccount,
} from '../../src/domain/account-types';
import { type ContactRecord, type CreateContact, UNCHANGED, type UpdateContact } from '../../src/domain/types';

export const T0 = Date.UTC(2020, 9, 22, 1, 0, 0);
export const T1 = T0 + 60_000;
export const T2 = T1 + 60_000;
export const REQ_ID = 'req-0001';

/** A person's identity-verification action request (本人確認提出) with a link. */
export function createReq(over: Partial<CreateContact> = {}): CreateContact {
  return {
    contactId: 'C-0001',
    audience: 'PERSON',
    personalId: 'P-1000',
    accountId: 'A-2000',
    kind: 'ACTION_REQUEST',
    actionRequestType: 'IDENTITY_VERIFICATION',
    policyNumber: null,
    title: '本人確認書類のご提出のお願い',
    body: 'マイページから本人確認書類をご提出ください。',
    linkUrl: 'https://mypage.example.jp/identity/upload?c=C-0001',
    publishAt: T0,
    sender: { name: '山田 太郎', type: 'HUMAN' },
    createdBy: 'crm-operator-01',
    ...over,
  };
}

/** A broadcast notice (全体通知) sent by the system. */
export function broadcastReq(over: Partial<CreateContact> = {}): CreateContact {
  return createReq({
    contactId: 'C-ALL-1',
    audience: 'ALL',
    personalId: null,
    accountId: null,
    kind: 'NOTICE',
    actionRequestType: null,
    title: 'システムメンテナンスのお知らせ',
    body: '10月31日（土）はメンテナンスのためご利用いただけません。',
    linkUrl: null,
    sender: { name: 'SystemAdmin', type: 'SYSTEM' },
    ...over,
  });
}

/** An update that changes nothing (every optional field null: unchanged) until `over` says what. */
export function updateReq(over: Partial<UpdateContact> = {}): UpdateContact {
  return { contactId: 'C-0001', updatedBy: 'crm-operator-02', ...UNCHANGED, ...over };
}

/** A stored, not yet approved, unanswered action request (version 1). */
export function contact(over: Partial<ContactRecord> = {}): ContactRecord {
  const { contactId, ...created } = createReq();
  return {
    ...created,
    contactId: contactId ?? 'C-0001',
    createdAt: T0,
    valid: false,
    approvedBy: null,
    approvedAt: null,
    answerStatus: 'UNANSWERED',
    deleted: false,
    deletedBy: null,
    deletedAt: null,
    updatedBy: 'crm-operator-01',
    updatedAt: T0,
    contentUpdatedBy: 'crm-operator-01',
    version: 1,
    createRequestId: REQ_ID,
    mailSent: false,
    mailSentAt: null,
    mailSettledAt: null,
    mailOutcome: null,
    ...over,
  };
}

/** What fakeCrypto.hash returns: hex, so the plain address never shows. */
export const hashOf = (email: string): string => `h:${Buffer.from(email, 'utf8').toString('hex')}`;

/**
 * Deterministic stand-in for the node:crypto implementation: "encrypts" to base64
 * under kid k1, wherever the field is (fits both the rules' Crypto and the routes' FieldCrypto).
 */
export const fakeCrypto = {
  encrypt: (plain: string): EncryptedField => ({
    kid: 'k1',
    iv: 'aXY=',
    tag: 'dGFn',
    ct: Buffer.from(plain, 'utf8').toString('base64'),
  }),
  hash: (email: string): string => hashOf(email),
} satisfies Crypto;

export const sealed = (plain: string): EncryptedField => fakeCrypto.encrypt(plain);
export const opened = (f: EncryptedField | null): string | null =>
  f === null ? null : Buffer.from(f.ct, 'base64').toString('utf8');

export function upsertReq(over: Partial<UpsertAccount> = {}): UpsertAccount {
  return {
    accountId: 'A-2000',
    personalId: 'P-1000',
    email: 'Taro.Yamada@Example.CO.JP',
    phone: '090-1234-5678',
    externalAuth: false,
    mailDelivery: 'ENABLED',
    ...over,
  };
}

/** A correction that changes nothing (every optional field null: unchanged) until `over` says what. */
export function updateAccountReq(over: Partial<UpdateAccountContact> = {}): UpdateAccountContact {
  return {
    accountId: 'A-2000',
    personalId: 'P-1000',
    email: null,
    phone: null,
    mailDelivery: null,
    updatedBy: 'crm-operator-03',
    ...over,
  };
}

export function account(over: Partial<AccountRecord> = {}): AccountRecord {
  return {
    accountId: 'A-2000',
    personalId: 'P-1000',
    email: sealed('Taro.Yamada@example.co.jp'),
    emailHash: hashOf('taro.yamada@example.co.jp'),
    phone: sealed('+819012345678'),
    externalAuth: false,
    mailDelivery: 'ENABLED',
    createdAt: T0,
    updatedAt: T0,
    updatedBy: null,
    version: 1,
    ...over,
  };
}

/** Where the fixtures' approvals publish, and the one event id they get. */
export const APPROVALS = { topic: 'crm.contact.events', newId: () => 'ev-1' };

/** UpdateContact's decision, publishing approvals to APPROVALS. */
export const update = (existing: ContactRecord | null, req: UpdateContact, now: number) =>
  decideUpdate(existing, req, now, APPROVALS);

/** What a contact decision answers for a refused request: the code, the contact, no version, no write. */
export const refused = (code: ContactCode, details?: Detail[], contactId = 'C-0001'): Decision<ContactRecord> => ({
  outcome: { code, ...(details ? { details } : {}), entity: { contactId, version: null } },
});

/** What an account decision answers for a refused request: the code, the account, no write. */
export const refusedAccount = (code: AccountCode, details?: Detail[]): Decision<AccountRecord> => ({
  outcome: { code, ...(details ? { details } : {}), entity: { accountId: 'A-2000' } },
});
