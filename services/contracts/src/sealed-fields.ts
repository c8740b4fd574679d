// Every encrypted personal field at rest, by collection and document path: the
// workers that write them, the readers that open them and `ops rekey`, which
// re-encrypts them all under the current key, take them from this one list. A
// ciphertext is bound to (collection, document id, field), so readers must name
// the same place the writer did: sealedAt gives it.

export const SEALED_FIELDS = {
  /** The contact worker's accounts (_id = accountId). */
  accounts: ['email', 'phone'],
  /** The card worker's cards (_id = cardNumber): the customer's phone. */
  cards: ['customer.phone'],
} as const;

export type SealedCollection = keyof typeof SEALED_FIELDS;
export type SealedField<C extends SealedCollection> = (typeof SEALED_FIELDS)[C][number];

/** Where one encrypted field is stored (the runtime's FieldAt). */
export interface SealedAt {
  collection: string;
  id: string;
  field: string;
}

export const sealedAt = <C extends SealedCollection>(collection: C, id: string, field: SealedField<C>): SealedAt => ({
  collection,
  id,
  field,
});
