// The card rules never hold a key: no module of the card domain or of its operations
// loads a crypto library or the field crypto, so phone numbers reach them only as the
// store prepared them (keyed hash and ciphertext, store/card-phones.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const src = join(__dirname, '..', '..', 'src');

it('no card domain or operation module imports node:crypto or the field crypto', () => {
  const files = ['domain', 'operations'].flatMap((d) =>
    readdirSync(join(src, d))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(d, f)),
  );
  expect(files).toContain(join('operations', 'activate-card.ts'));
  const offending = files.filter((f) =>
    /'(node:)?crypto'|FieldCrypto|fieldCrypto|createHmac|createCipheriv|EMAIL_KEY/.test(
      readFileSync(join(src, f), 'utf8'),
    ),
  );
  expect(offending).toEqual([]);
});
