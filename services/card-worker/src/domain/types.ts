// The card domain's data: decoded request payloads (mirroring
// schemas/alcs.card.requests.avsc) and the stored CardRecord. Contract: money is
// bigint minor units (scale 2: 12.34 is 1234n), timestamps are epoch milliseconds,
// optional Avro fields are `null` when absent. One CardRecord holds BOTH the
// customer and the card, so activating both is one single-document write. The
// customer's phone is stored only encrypted, with a keyed hash beside it that is
// all the rules compare; the store makes both (store/card-phones.ts), so the rules
// never hold a key nor see a stored number in clear.
import type { EncryptedField } from '@workers/contracts';

export type { EncryptedField };

export type Gender = 'M' | 'F' | 'U';

export interface ResponseLanguage {
  clientLanguage: string | null;
  cashierLanguage: string | null;
}

export interface Identity {
  posId: string | null;
  posNumber: string;
  posOperatorId: string | null;
  /** 0 or null when no cashier is logged in. */
  posOperatorNumber: number | null;
  siteId: string;
}

export interface WalletStat {
  lost: bigint;
  transferredOut: bigint;
  transferredIn: bigint | null;
  issued: bigint | null;
}

export interface Wallet {
  id: string;
  balance: bigint;
  stat: WalletStat;
  /** Opaque version token as the source sends it ("abc"); stored as given. */
  version: string;
}

export interface LoyaltyCard {
  /** Must equal RegisterCard.cardNumber (the source sends the number in the path and in the body). */
  cardNumber: string;
  phoneNumber: string | null;
  gender: Gender;
  cardPinHmac: string;
  wallets: Wallet[];
}

export interface RegisterCard {
  cardNumber: string;
  identity: Identity;
  loyaltyCard: LoyaltyCard;
}

export interface ActivateCard {
  cardNumber: string;
  phoneNumber: string;
}

export interface ChangePhoneNumber {
  cardNumber: string;
  phoneNumber: string;
}

export interface LockCard {
  cardNumber: string;
}

/** Operation name (the Avro union branch's short name) → its payload. */
export interface CardPayloads {
  RegisterCard: RegisterCard;
  ActivateCard: ActivateCard;
  ChangePhoneNumber: ChangePhoneNumber;
  LockCard: LockCard;
}
export type CardOperationName = keyof CardPayloads;
export const CARD_OPERATIONS: readonly CardOperationName[] = [
  'RegisterCard',
  'ActivateCard',
  'ChangePhoneNumber',
  'LockCard',
];

/** A whole decoded request; avsc reads the operation union as { "alcs.card.<Name>": payload }. */
export interface CardRequest {
  requestId: string;
  sentAt: number;
  source: string;
  responseLanguage: ResponseLanguage | null;
  operation: { [N in CardOperationName]: { [K in `alcs.card.${N}`]: CardPayloads[N] } }[CardOperationName];
}

export type CardState = 'WAITING_FOR_ACTIVATION' | 'ACTIVE' | 'LOCKED';

/**
 * A phone number of a request as the store hands it to the rules: the keyed hash of
 * its E.164 form and that form encrypted for the card it names.
 */
export interface GivenPhone {
  hash: string;
  sealed: EncryptedField;
}

/** The stored document: one per card, holding the card's customer too. */
export interface CardRecord {
  cardNumber: string;
  /** 32 lowercase hex characters. */
  customerId: string;
  customer: {
    active: boolean;
    /** The E.164 form (e.g. +48600100200) encrypted, bound to this card's `customer.phone`; null when none was given. */
    phone: EncryptedField | null;
    /** Keyed hash of the E.164 form; null when none was given. */
    phoneHash: string | null;
    gender: Gender;
  };
  card: { state: CardState };
  /** 64 lowercase hex characters. Never logged, never returned. */
  cardPinHmac: string;
  wallets: Wallet[];
  registeredBy: Identity;
  createdAt: number;
  updatedAt: number;
  /** 1 when created, +1 on every change; writes are conditional on it. */
  revision: number;
}
