// The account domain's data: decoded request payloads (mirroring
// schemas/crm.account.requests.avsc), the stored AccountRecord, and the injected
// Crypto that protects personal data. Contract: timestamps are epoch milliseconds,
// optional Avro fields are `null` when absent (in UpdateAccountContact: unchanged;
// a blank phone removes the phone). E-mail and phone are stored only encrypted;
// the e-mail also as a keyed hash of its normalized form (trim + lowercase).
import type { EncryptedField, MailDelivery } from '@workers/contracts';
import type { ResponseLanguage } from './types';

export type { EncryptedField, MailDelivery };

export interface UpsertAccount {
  accountId: string;
  personalId: string;
  email: string;
  phone: string | null;
  externalAuth: boolean;
  mailDelivery: MailDelivery;
}

export interface UpdateAccountContact {
  accountId: string;
  personalId: string;
  email: string | null;
  phone: string | null;
  mailDelivery: MailDelivery | null;
  updatedBy: string;
}

/** Operation name (the Avro union branch's short name) → its payload. */
export interface AccountPayloads {
  UpsertAccount: UpsertAccount;
  UpdateAccountContact: UpdateAccountContact;
}
export type AccountOperationName = keyof AccountPayloads;
export const ACCOUNT_OPERATIONS: readonly AccountOperationName[] = ['UpsertAccount', 'UpdateAccountContact'];

/** A whole decoded request; avsc reads the operation union as { "crm.account.<Name>": payload }. */
export interface AccountRequest {
  requestId: string;
  sentAt: number;
  source: string;
  responseLanguage: ResponseLanguage | null;
  operation: { [N in AccountOperationName]: { [K in `crm.account.${N}`]: AccountPayloads[N] } }[AccountOperationName];
}

/** The stored document: one per account. */
export interface AccountRecord {
  accountId: string;
  personalId: string;
  /** The e-mail (domain lowercased), encrypted. */
  email: EncryptedField;
  /** Keyed hash of the e-mail's hash key (trim + lowercase), for look-ups. */
  emailHash: string;
  /** The phone in E.164, encrypted; null when none. */
  phone: EncryptedField | null;
  externalAuth: boolean;
  mailDelivery: MailDelivery;
  createdAt: number;
  updatedAt: number;
  /** The CRM operator of the last UpdateAccountContact; null after an UpsertAccount. */
  updatedBy: string | null;
  /** 1 when created, +1 on every change; writes are conditional on it. */
  version: number;
}

/** The encrypted fields of an account, as named in its document. */
export type SealedAccountField = 'email' | 'phone';

/**
 * Implemented by the store with node:crypto (store/account-crypto.ts), one per
 * account; injected so the rules stay pure and never see a key.
 */
export interface Crypto {
  /** Encrypts with the current key, bound to this account and `field`. */
  encrypt(plain: string, field: SealedAccountField): EncryptedField;
  /** Keyed hash of an e-mail already normalized with emailHashKey. */
  hash(email: string): string;
}
