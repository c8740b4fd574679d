// Guarantee: every account operation gets exactly one reply with the docs/rules.md#accounts
// code and status for its case, and the e-mail is stored only encrypted (with a
// keyed hash beside it): a scan of the stored accounts finds no plaintext address.
import { ContactScenario } from '../../support/contact-fixture';

let s: ContactScenario;
beforeAll(async () => {
  s = await ContactScenario.open('accounts');
  await s.startWorker();
});
afterAll(async () => s.close());

const upsert = (over: Record<string, unknown> = {}) => ({
  accountId: 'AC-1',
  personalId: 'P-1',
  email: 'hanako.suzuki@example.jp',
  phone: '090-1111-2222',
  externalAuth: true,
  mailDelivery: 'ENABLED',
  ...over,
});
const change = (over: Record<string, unknown> = {}) => ({
  accountId: 'AC-1',
  personalId: 'P-1',
  email: null,
  phone: null,
  mailDelivery: null,
  updatedBy: 'crm-op-1',
  ...over,
});

async function ask(
  requestId: string,
  op: 'UpsertAccount' | 'UpdateAccountContact',
  payload: Record<string, unknown> & { accountId: string },
  lang?: string,
) {
  await s.sendAccount(requestId, op, payload, lang ? { lang } : {});
  return s.accountReply(requestId);
}

test('upsert, contact-detail changes and every rejection, each with its code; no plaintext e-mail stored', async () => {
  expect(await ask('ac-upsert', 'UpsertAccount', upsert())).toMatchObject({
    status: 200,
    messageCode: 'Success',
    accountId: 'AC-1',
    details: [],
  });
  // An external-auth account may change its e-mail: it only changes where mail goes.
  expect(await ask('ac-email', 'UpdateAccountContact', change({ email: 'hanako.new@example.jp' }))).toMatchObject({
    status: 200,
    messageCode: 'Success',
  });
  expect(await ask('ac-stop', 'UpdateAccountContact', change({ mailDelivery: 'STOPPED' }))).toMatchObject({
    status: 200,
    messageCode: 'Success',
  });
  const bad = await ask('ac-bad', 'UpdateAccountContact', change({ email: 'hanako@@example', phone: 'abc' }), 'en_US');
  expect(bad).toMatchObject({
    status: 400,
    messageCode: 'ValidationFailed',
    message: 'The request contains invalid data',
  });
  expect(bad.details).toEqual([
    { field: 'email', reason: 'is not a valid e-mail address' },
    { field: 'phone', reason: 'is not a valid phone number' },
  ]);
  expect(await ask('ac-nothing', 'UpdateAccountContact', change())).toMatchObject({
    status: 400,
    messageCode: 'ValidationFailed',
  });
  expect(
    await ask('ac-missing', 'UpdateAccountContact', change({ accountId: 'AC-none', email: 'x@example.jp' })),
  ).toMatchObject({ status: 404, messageCode: 'AccountNotFound', accountId: 'AC-none' });
  expect(
    await ask('ac-mismatch', 'UpdateAccountContact', change({ personalId: 'P-2', email: 'x@example.jp' })),
  ).toMatchObject({ status: 409, messageCode: 'PersonalIdMismatch' });
  expect(await ask('ac-upsert-other', 'UpsertAccount', upsert({ personalId: 'P-2' }))).toMatchObject({
    status: 409,
    messageCode: 'PersonalIdMismatch',
  });

  await s.sendAccount('ac-upsert', 'UpsertAccount', upsert({ phone: null }));
  expect(await s.accountReply('ac-upsert', 2)).toMatchObject({ status: 409, messageCode: 'DuplicateRequestId' });

  const stored = await s.db.collection('accounts').find({}).toArray();
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({
    mailDelivery: 'STOPPED',
    externalAuth: true,
    updatedBy: 'crm-op-1',
    email: { kid: 'test1' },
    emailHash: expect.stringMatching(/^[0-9a-f]{64}$/),
  });
  const everything = JSON.stringify(
    await Promise.all(['accounts', 'contacts', 'processed_requests'].map((c) => s.db.collection(c).find({}).toArray())),
  );
  // The phone's digits in any form it could be stored in; four digits alone ('1111') also turn up
  // in times, hashes and ciphertexts (a processedAt of …471111 failed this once).
  for (const secret of ['hanako', 'example.jp', '1111-2222', '11112222', '+8190'])
    expect(everything).not.toContain(secret);
});
