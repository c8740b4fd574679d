// Phone numbers of card requests, prepared for the rules: the keyed hash of the E.164
// form, which is all the rules compare (ActivateCard, an unchanged ChangePhoneNumber),
// and that form encrypted for the card's `customer.phone`, bound to (cards,
// cardNumber, customer.phone) so it decrypts nowhere else (runtime field-crypto.ts).
// The key stays here, on the I/O side: the rules receive values, never a key.
// Contract: undefined for text that is no valid phone number, null for none given.
import { sealedAt } from '@workers/contracts';
import type { FieldCrypto } from '@workers/runtime';
import { toE164 } from '../domain/phone';
import type { GivenPhone } from '../domain/types';
import { CARDS } from './collections';

export interface CardPhones {
  /** Keyed hash of the number's E.164 form (no encryption: a comparison needs none). */
  hashOf(raw: string): string | undefined;
  /** The number hashed and encrypted for card `cardNumber`. */
  seal(raw: string, cardNumber: string): GivenPhone | undefined;
  /** As seal; null for a number absent or blank (a card may be registered without one). */
  sealOptional(raw: string | null, cardNumber: string): GivenPhone | null | undefined;
}

/** Where a card's phone ciphertext is stored: the place it is bound to. */
export const cardPhoneAt = (cardNumber: string) => sealedAt(CARDS, cardNumber, 'customer.phone');

export function cardPhones(crypto: Pick<FieldCrypto, 'encrypt' | 'phoneHash'>): CardPhones {
  const hashOf = (raw: string): string | undefined => {
    const e164 = toE164(raw);
    return e164 === undefined ? undefined : crypto.phoneHash(e164);
  };
  const seal = (raw: string, cardNumber: string): GivenPhone | undefined => {
    const e164 = toE164(raw);
    return e164 === undefined
      ? undefined
      : { hash: crypto.phoneHash(e164), sealed: crypto.encrypt(e164, cardPhoneAt(cardNumber)) };
  };
  return {
    hashOf,
    seal,
    sealOptional: (raw, cardNumber) => (raw === null || raw.trim() === '' ? null : seal(raw, cardNumber)),
  };
}
