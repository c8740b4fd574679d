// The account rules' Crypto for one account: its e-mail and phone are encrypted
// bound to (accounts, accountId, field), so a ciphertext copied into another
// account or field does not decrypt (runtime field-crypto.ts). Readers open them
// at the same place: sealedAt('accounts', accountId, field) from the contracts.
import { sealedAt } from '@workers/contracts';
import type { FieldCrypto } from '@workers/runtime';
import type { Crypto } from '../domain/account-types';
import { ACCOUNTS } from './collections';

export function accountCrypto(crypto: Pick<FieldCrypto, 'encrypt' | 'hash'>, accountId: string): Crypto {
  return {
    encrypt: (plain, field) => crypto.encrypt(plain, sealedAt(ACCOUNTS, accountId, field)),
    hash: (email) => crypto.hash(email),
  };
}
