// The account handlers over the in-memory marked store: SPEC 4 codes, personal data
// sealed before it is stored, external-auth accounts free to change their e-mail.
import { memoryMarkedStore, type Handler, type HandlerContext } from '@workers/runtime';
import type { AccountRecord } from '../../src/domain/account-types';
import type { ContactRecord } from '../../src/domain/types';
import { createHandlers } from '../../src/handlers';
import { fakeCrypto, hashOf, opened, updateAccountReq, upsertReq } from '../domain/fixtures';

let accounts: ReturnType<typeof memoryMarkedStore<AccountRecord>>;
let h: Record<'UpsertAccount' | 'UpdateAccountContact', Handler>;
let seq = 0;

beforeEach(() => {
  accounts = memoryMarkedStore<AccountRecord>();
  h = createHandlers({ contacts: memoryMarkedStore<ContactRecord>(), accounts, crypto: fakeCrypto, clock: { now: () => 1000 }, eventTopic: 'e' }).accounts;
});

const ctx = (requestId = `r-${++seq}`): HandlerContext => ({ requestId, key: 'A-2000', envelope: { requestId, sentAt: 0, source: 'WEB', responseLanguage: null } });
const stored = (): AccountRecord | undefined => accounts.all().get('A-2000')?.record;

it('UpsertAccount: Success with accountId; e-mail and phone sealed, e-mail hash beside', async () => {
  expect(await h.UpsertAccount(upsertReq(), ctx())).toEqual({ code: 'Success', entity: { accountId: 'A-2000' } });
  const a = stored()!;
  expect(JSON.stringify(a)).not.toContain('Taro');
  expect(opened(a.email)).toBe('Taro.Yamada@example.co.jp');
  expect(a.emailHash).toBe(hashOf('taro.yamada@example.co.jp'));
  expect(opened(a.phone)).toBe('+819012345678');
});

it('UpdateAccountContact: e-mail of an external-auth account changes; 配信停止; AccountNotFound; PersonalIdMismatch; nothing to change', async () => {
  await h.UpsertAccount(upsertReq({ externalAuth: true }), ctx());
  expect(await h.UpdateAccountContact(updateAccountReq({ email: 'new@example.jp', mailDelivery: 'STOPPED' }), ctx())).toMatchObject({ code: 'Success' });
  expect(opened(stored()!.email)).toBe('new@example.jp');
  expect(stored()).toMatchObject({ mailDelivery: 'STOPPED', updatedBy: 'crm-operator-03', externalAuth: true, version: 2 });
  expect(await h.UpdateAccountContact(updateAccountReq({ accountId: 'A-none', email: 'x@example.jp' }), ctx())).toMatchObject({ code: 'AccountNotFound', entity: { accountId: 'A-none' } });
  expect(await h.UpdateAccountContact(updateAccountReq({ personalId: 'P-other', email: 'x@example.jp' }), ctx())).toMatchObject({ code: 'PersonalIdMismatch' });
  const nothing = await h.UpdateAccountContact(updateAccountReq(), ctx());
  expect(nothing).toMatchObject({ code: 'ValidationFailed', details: [{ field: 'operation', reason: expect.stringContaining('at least one') }] });
});

it('ValidationFailed names the field, never the value', async () => {
  const o = await h.UpsertAccount(upsertReq({ email: 'not-an-address', phone: '12' }), ctx());
  expect(o.code).toBe('ValidationFailed');
  expect(o.details?.map((d) => d.field).sort()).toEqual(['email', 'phone']);
  expect(JSON.stringify(o)).not.toContain('not-an-address');
  expect(accounts.all().size).toBe(0);
});
