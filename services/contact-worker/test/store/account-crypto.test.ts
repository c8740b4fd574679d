// An account's e-mail and phone are encrypted where they are stored: bound to
// (accounts, accountId, field), so the ciphertext of one account or field copied
// into another does not decrypt, through the routing table as the worker runs it.
import { randomBytes } from 'node:crypto';
import { sealedAt } from '@workers/contracts';
import { fieldCrypto, type MemoryEntityStore } from '@workers/runtime';
import { RouteHarness } from '@workers/runtime/route-harness';
import type { AccountRecord } from '../../src/domain/account-types';
import { contactRoutes } from '../../src/routes';
import { ACCOUNTS, CONTACTS } from '../../src/store/collections';
import { T0, upsertReq } from '../domain/fixtures';

const T = {
  contactRequests: 'crm.contact.requests',
  contactReplies: 'crm.contact.replies',
  accountRequests: 'crm.account.requests',
  accountReplies: 'crm.account.replies',
  events: 'crm.contact.events',
};
const crypto = fieldCrypto({ activeKid: 'k1', keys: new Map([['k1', randomBytes(32)]]), hashKey: randomBytes(32) });

let h: RouteHarness;
beforeAll(async () => {
  h = await RouteHarness.start(contactRoutes(T, { crypto }), { entities: [CONTACTS, ACCOUNTS], now: () => T0 });
  for (const accountId of ['A-1', 'A-2']) {
    const payload = upsertReq({ accountId, email: `${accountId.toLowerCase()}@example.jp`, phone: '090-1234-5678' });
    await h.ask(
      { requestId: `r-${accountId}`, operation: 'UpsertAccount', payload, key: accountId },
      T.accountRequests,
    );
  }
});
afterAll(async () => h.stop());

const stored = (id: string): AccountRecord => {
  const r = (h.entities[ACCOUNTS] as MemoryEntityStore<AccountRecord>).docs.get(id)?.record;
  if (!r) throw new Error(`no account ${id}`);
  return r;
};

it('opens each field where it was written', () => {
  expect(crypto.decrypt(stored('A-1').email, sealedAt('accounts', 'A-1', 'email'))).toBe('a-1@example.jp');
  expect(crypto.decrypt(stored('A-2').email, sealedAt('accounts', 'A-2', 'email'))).toBe('a-2@example.jp');
  const phone = stored('A-1').phone;
  expect(phone && crypto.decrypt(phone, sealedAt('accounts', 'A-1', 'phone'))).toBe('+819012345678');
});

it("refuses A-1's e-mail read as A-2's, and A-1's phone read as its e-mail", () => {
  expect(() => crypto.decrypt(stored('A-1').email, sealedAt('accounts', 'A-2', 'email'))).toThrow(/authenticate/);
  const phone = stored('A-1').phone;
  expect(phone).not.toBeNull();
  expect(() => crypto.decrypt(phone!, sealedAt('accounts', 'A-1', 'email'))).toThrow(/authenticate/);
});
