// Guarantee: a key can be retired. Data written under key A (accounts' e-mail and
// phone, cards' phone, a field of the first format and a card phone of the first,
// clear version among them) is moved by `ops rekey`, run with B current and A still
// listed, onto B in format 2, with counts; a second run finds everything current;
// with A removed every field still decrypts and the workers still answer on it; and
// data still under A after A's removal is reported failed and left as it was.
import { createCipheriv, randomBytes } from 'node:crypto';
import { sealedAt } from '@workers/contracts';
import { type EncryptedField, fieldCryptoFromConfig } from '@workers/runtime';
import { activate, CardScenario, newCardNumber, register } from '../../support/card-fixture';
import { runCli } from '../../support/cli-process';
import { ContactScenario } from '../../support/contact-fixture';

const b64 = (): string => randomBytes(32).toString('base64');
const A = b64();
const B = b64();
const HASH = b64();
const ONLY_A = { EMAIL_KEY: A, EMAIL_KEY_ID: 'ka', EMAIL_PREVIOUS_KEYS: '', EMAIL_HASH_KEY: HASH };
const B_WITH_A = { EMAIL_KEY: B, EMAIL_KEY_ID: 'kb', EMAIL_PREVIOUS_KEYS: `ka:${A}`, EMAIL_HASH_KEY: HASH };
const ONLY_B = { EMAIL_KEY: B, EMAIL_KEY_ID: 'kb', EMAIL_PREVIOUS_KEYS: '', EMAIL_HASH_KEY: HASH };

type Counts = { scanned: number; reencrypted: number; current: number; failed: number };
type Report = {
  currentKid: string;
  fields: { collection: string; field: string; counts: Counts }[];
  failures: { collection: string; id: string; field: string; reason: string }[];
  totals: Counts;
};

let contact: ContactScenario;
let cards: CardScenario;
beforeAll(async () => {
  contact = await ContactScenario.open('rekey', 1);
  cards = await CardScenario.open('rekey', 1);
});
afterAll(async () => {
  await cards.close();
  await contact.close();
});

/** Both workers on the contact scenario's database, with `keys`. */
async function startWorkers(keys: Record<string, string>): Promise<void> {
  await Promise.all([...contact.workers.splice(0), ...cards.workers.splice(0)].map((w) => w.stop()));
  await Promise.all([contact.startWorker(keys), cards.startWorker({ ...keys, MONGODB_DB: contact.env.MONGODB_DB! })]);
}

const rekey = async (keys: Record<string, string>): Promise<{ code: number | null; report: Report }> => {
  const r = await runCli(['rekey', '--json', '--page-size', '2'], {
    env: { MONGODB_DB: contact.env.MONGODB_DB!, ...keys },
  });
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
};
const counts = (r: Report, collection: string, field: string): Counts | undefined =>
  r.fields.find((f) => f.collection === collection && f.field === field)?.counts;

const accounts = () =>
  contact.db.collection<{ _id: string; _rev?: number; email: EncryptedField; phone: EncryptedField | null }>(
    'accounts',
  );
const cardDocs = () =>
  contact.db.collection<{ _id: string; customer: { phone?: EncryptedField | null; phoneE164?: string } }>('cards');

/** A ciphertext as the first format wrote it (associated data: the key id alone). */
function firstFormat(plain: string, kid: string, key: string): EncryptedField {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64'), iv);
  c.setAAD(Buffer.from(kid));
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return { kid, iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), ct: ct.toString('base64') };
}

const upsert = (accountId: string, email: string, phone: string | null) => ({
  accountId,
  personalId: `P-${accountId}`,
  email,
  phone,
  externalAuth: false,
  mailDelivery: 'ENABLED',
});

test('write under A, rekey onto B with A listed, remove A: everything still reads; what is left under A fails', async () => {
  // 1. Data under A, written by the workers, plus two documents of the product's first version.
  await startWorkers(ONLY_A);
  await contact.sendAccount('u-1', 'UpsertAccount', upsert('A-1', 'one@example.jp', '090-1234-5678'));
  await contact.sendAccount('u-2', 'UpsertAccount', upsert('A-2', 'two@example.jp', null));
  const card = newCardNumber();
  const bare = newCardNumber();
  await cards.send(register('c-1', card, '600 100 200'));
  await cards.send(register('c-2', bare, null));
  for (const id of ['u-1', 'u-2']) expect(await contact.accountReply(id)).toMatchObject({ messageCode: 'Success' });
  for (const id of ['c-1', 'c-2']) expect(await cards.reply(id)).toMatchObject({ messageCode: 'Success' });
  await accounts().insertOne({ _id: 'A-old', _rev: 1, email: firstFormat('old@example.jp', 'ka', A), phone: null });
  const oldCard = newCardNumber();
  await cardDocs().insertOne({ _id: oldCard, customer: { phoneE164: '+48600300400' } });
  expect((await accounts().findOne({ _id: 'A-1' }))?.email.kid).toBe('ka');

  // 2. B current, A still listed: the workers first, then the rekey.
  await startWorkers(B_WITH_A);
  const first = await rekey(B_WITH_A);
  expect(first.code).toBe(0);
  expect(counts(first.report, 'accounts', 'email')).toEqual({ scanned: 3, reencrypted: 3, current: 0, failed: 0 });
  expect(counts(first.report, 'accounts', 'phone')).toEqual({ scanned: 1, reencrypted: 1, current: 0, failed: 0 });
  expect(counts(first.report, 'cards', 'customer.phone')).toEqual({
    scanned: 1,
    reencrypted: 1,
    current: 0,
    failed: 0,
  });
  expect(counts(first.report, 'cards', 'customer.phoneE164 (clear)')).toMatchObject({ scanned: 1, reencrypted: 1 });
  expect(first.report.totals).toEqual({ scanned: 6, reencrypted: 6, current: 0, failed: 0 });

  const again = await rekey(B_WITH_A);
  expect(again.code).toBe(0);
  expect(again.report.totals).toEqual({ scanned: 6, reencrypted: 0, current: 6, failed: 0 });

  // 3. A removed everywhere: every field decrypts with B alone, the workers answer on them.
  await startWorkers(ONLY_B);
  const onlyB = fieldCryptoFromConfig(ONLY_B);
  const a1 = await accounts().findOne({ _id: 'A-1' });
  expect(onlyB.decrypt(a1!.email, sealedAt('accounts', 'A-1', 'email'))).toBe('one@example.jp');
  expect(onlyB.decrypt(a1!.phone!, sealedAt('accounts', 'A-1', 'phone'))).toBe('+819012345678');
  const old = await accounts().findOne({ _id: 'A-old' });
  expect(old?.email).toMatchObject({ v: 2, kid: 'kb' });
  expect(onlyB.decrypt(old!.email, sealedAt('accounts', 'A-old', 'email'))).toBe('old@example.jp');
  for (const [id, phone] of [
    [card, '+48600100200'],
    [oldCard, '+48600300400'],
  ] as const) {
    const d = await cardDocs().findOne({ _id: id });
    expect(d?.customer).not.toHaveProperty('phoneE164');
    expect(onlyB.decrypt(d!.customer.phone!, sealedAt('cards', id, 'customer.phone'))).toBe(phone);
  }
  await cards.send(activate('c-act', card, '+48 600 100 200'));
  expect(await cards.reply('c-act')).toMatchObject({ status: 204, messageCode: 'Success' });
  await contact.sendAccount('u-3', 'UpdateAccountContact', {
    accountId: 'A-1',
    personalId: 'P-A-1',
    email: null,
    phone: '090-8765-4321',
    mailDelivery: 'STOPPED',
    updatedBy: 'op-1',
  });
  expect(await contact.accountReply('u-3')).toMatchObject({ messageCode: 'Success' });
  const updated = await accounts().findOne({ _id: 'A-1' });
  expect(onlyB.decrypt(updated!.email, sealedAt('accounts', 'A-1', 'email'))).toBe('one@example.jp');
  expect(onlyB.decrypt(updated!.phone!, sealedAt('accounts', 'A-1', 'phone'))).toBe('+819087654321');
  // The operator tools read them with B alone: rekey opens every current field to check it.
  const withB = await rekey(ONLY_B);
  expect(withB.code).toBe(0);
  expect(withB.report.totals).toEqual({ scanned: 6, reencrypted: 0, current: 6, failed: 0 });

  // 4. A field still under A once A is gone: reported failed, never dropped nor rewritten.
  const stale = fieldCryptoFromConfig(ONLY_A).encrypt('late@example.jp', sealedAt('accounts', 'A-late', 'email'));
  await accounts().insertOne({ _id: 'A-late', _rev: 1, email: stale, phone: null });
  const late = await rekey(ONLY_B);
  expect(late.code).toBe(1);
  expect(counts(late.report, 'accounts', 'email')).toEqual({ scanned: 4, reencrypted: 0, current: 3, failed: 1 });
  expect(late.report.failures).toEqual([
    { collection: 'accounts', id: 'A-late', field: 'email', reason: expect.stringMatching(/no key for key id ka/) },
  ]);
  expect((await accounts().findOne({ _id: 'A-late' }))?.email).toEqual(stale);
}, 300_000); // three restarts of two workers
