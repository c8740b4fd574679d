// The card rules never hold a key: no module of the card domain loads a crypto
// library or the field crypto, so phone numbers reach them only as the store
// prepared them (keyed hash and ciphertext, store/card-phones.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(__dirname, '..', '..', 'src', 'domain');

it('no card domain module imports node:crypto or the field crypto', () => {
  const offending = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .filter((f) =>
      /'(node:)?crypto'|FieldCrypto|fieldCrypto|createHmac|createCipheriv|EMAIL_KEY/.test(
        readFileSync(join(dir, f), 'utf8'),
      ),
    );
  expect(offending).toEqual([]);
});
