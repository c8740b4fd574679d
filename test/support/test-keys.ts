// E-mail keys for one test run (random, never real secrets), shared by every worker a
// scenario starts, and the crypto that seals and opens fields with them.
import { randomBytes } from 'node:crypto';
import { fieldCryptoFromConfig, type FieldCrypto } from '@workers/runtime';

export const TEST_KEYS = {
  EMAIL_KEY: randomBytes(32).toString('base64'),
  EMAIL_HASH_KEY: randomBytes(32).toString('base64'),
  EMAIL_KEY_ID: 'test1',
};

export const testCrypto = (): FieldCrypto => fieldCryptoFromConfig(TEST_KEYS);
