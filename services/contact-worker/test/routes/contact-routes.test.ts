// The contact worker's routing table run by the real runtime on in-memory backends:
// each code of docs/rules.md#contacts and #accounts with its status and entity, approval as the one thing
// that publishes an event, a redelivered approval answered from its mark with the
// same event id, and personal data sealed before it is stored.
import type { MemoryEntityStore } from '@workers/runtime';
import { RouteHarness } from '@workers/runtime/route-harness';
import type { AccountRecord } from '../../src/domain/account-types';
import { contactIdFor } from '../../src/domain/contact-id';
import type { ContactRecord } from '../../src/domain/types';
import { contactRoutes } from '../../src/routes';
import { ACCOUNTS, CONTACTS } from '../../src/store/collections';
import {
  T0,
  T1,
  createReq,
  fakeCrypto,
  hashOf,
  opened,
  updateAccountReq,
  updateReq,
  upsertReq,
} from '../domain/fixtures';

const T = {
  contactRequests: 'crm.contact.requests',
  contactReplies: 'crm.contact.replies',
  accountRequests: 'crm.account.requests',
  accountReplies: 'crm.account.replies',
  events: 'crm.contact.events',
};
type Reply = {
  status: number;
  messageCode: string;
  contactId?: string | null;
  version?: number | null;
  accountId?: string | null;
  details: { field: string; reason: string }[];
};

let h: RouteHarness;
let now: number;
let ids = 0;
let contacts: MemoryEntityStore<ContactRecord>;
let accounts: MemoryEntityStore<AccountRecord>;
beforeEach(async () => {
  now = T0;
  ids = 0;
  h = await RouteHarness.start(contactRoutes(T, { crypto: fakeCrypto }), {
    entities: [CONTACTS, ACCOUNTS],
    now: () => now,
    newId: () => `ev-${++ids}`,
  });
  contacts = h.entities[CONTACTS] as MemoryEntityStore<ContactRecord>;
  accounts = h.entities[ACCOUNTS] as MemoryEntityStore<AccountRecord>;
});
afterEach(async () => h.stop());

const contact = (operation: string, payload: object & { contactId?: string | null }, requestId: string) =>
  h.ask<Reply>({ requestId, operation, payload, key: payload.contactId ?? requestId }, T.contactRequests);
const account = (operation: string, payload: { accountId: string }, requestId = `a-${++ids}`) =>
  h.ask<Reply>({ requestId, operation, payload, key: payload.accountId }, T.accountRequests);
const create = (requestId = 'r-create', over: Parameters<typeof createReq>[0] = {}) =>
  contact('CreateContact', createReq(over), requestId);
const update = (requestId: string, over: Parameters<typeof updateReq>[0] = {}) =>
  contact('UpdateContact', updateReq(over), requestId);
const del = (requestId: string, contactId = 'C-0001') =>
  contact('DeleteContact', { contactId, deletedBy: 'op-9' } as object & { contactId: string }, requestId);
const stored = (id = 'C-0001') => contacts.docs.get(id)?.record;
const events = () => h.read(T.events).map((e) => e.value);

describe('CreateContact', () => {
  it('Success 201 with contactId and version 1; stored not valid (無効); no event', async () => {
    expect(await create()).toMatchObject({ status: 201, messageCode: 'Success', contactId: 'C-0001', version: 1 });
    expect(stored()).toMatchObject({ valid: false, answerStatus: 'UNANSWERED', createdAt: T0, mailSent: false });
    expect(events()).toEqual([]);
  });

  it('derives the contactId from the requestId when none is given, so a redelivery finds it', async () => {
    const first = await create('r-gen', { contactId: null });
    expect(first).toMatchObject({ contactId: contactIdFor('r-gen'), version: 1 });
    h.processed.records.clear();
    expect(await create('r-gen', { contactId: null })).toEqual(first);
    expect(contacts.docs.size).toBe(1);
  });

  it('ValidationFailed lists every broken field; PolicyNumberRequired; ContactAlreadyExists', async () => {
    const bad = await create('r-bad', { linkUrl: 'http://insecure.example.jp', title: '' });
    expect(bad).toMatchObject({ status: 400, messageCode: 'ValidationFailed', contactId: 'C-0001', version: null });
    expect(bad.details.map((d) => d.field).sort()).toEqual(['linkUrl', 'title']);
    expect(await create('r-pol', { actionRequestType: 'UNDERWRITING' })).toMatchObject({
      status: 400,
      messageCode: 'PolicyNumberRequired',
    });
    await create('r-1');
    expect(await create('r-2')).toMatchObject({
      status: 409,
      messageCode: 'ContactAlreadyExists',
      contactId: 'C-0001',
    });
    expect(contacts.docs.size).toBe(1);
  });
});

describe('UpdateContact', () => {
  beforeEach(async () => {
    await create();
    now = T1;
  });

  it('approval makes the contact valid and publishes one ContactApproved with the reply, without the body', async () => {
    expect(await update('r-approve', { approvedBy: 'manager-1' })).toMatchObject({
      status: 200,
      messageCode: 'Success',
      contactId: 'C-0001',
      version: 2,
    });
    expect(events()).toEqual([
      {
        eventId: 'ev-1',
        occurredAt: T1,
        event: expect.objectContaining({
          contactId: 'C-0001',
          audience: 'PERSON',
          approvedBy: 'manager-1',
          approvedAt: T1,
          kind: 'ACTION_REQUEST',
        }),
      },
    ]);
    expect(JSON.stringify(events())).not.toContain('body');
    expect(stored()).toMatchObject({ valid: true, approvedBy: 'manager-1', approvedAt: T1, updatedAt: T1, version: 2 });
  });

  it('a redelivered approval gets the same outcome and the same event id from its mark, without a second write', async () => {
    const first = await update('r-approve', { approvedBy: 'manager-1' });
    h.processed.records.clear();
    expect(await update('r-approve', { approvedBy: 'manager-1' })).toEqual({
      ...first,
      processedAt: expect.any(Number),
    });
    expect(events().map((e) => e.eventId)).toEqual(['ev-1', 'ev-1']);
    expect(contacts.docs.get('C-0001')!.revision).toBe(2);
  });

  it('an update never publishes; approving twice is ContactAlreadyApproved; approval together with ANSWERED publishes nothing', async () => {
    await update('r-edit', { title: '新しい件名' });
    expect(events()).toEqual([]);
    await update('r-approve', { approvedBy: 'm' });
    expect(await update('r-approve-2', { approvedBy: 'm' })).toMatchObject({
      status: 409,
      messageCode: 'ContactAlreadyApproved',
    });
    await create('r-c3', { contactId: 'C-0003' });
    expect(await update('r-both', { contactId: 'C-0003', approvedBy: 'm', answerStatus: 'ANSWERED' })).toMatchObject({
      messageCode: 'Success',
    });
    expect(events()).toHaveLength(1);
  });

  it('ContactAlreadyAnswered, VersionConflict, ContactNotFound, ContactDeleted', async () => {
    expect(await update('r-v', { title: 'x', expectedVersion: 7 })).toMatchObject({
      status: 409,
      messageCode: 'VersionConflict',
    });
    expect(await update('r-nf', { contactId: 'C-none', title: 'x' })).toMatchObject({
      status: 404,
      messageCode: 'ContactNotFound',
      contactId: 'C-none',
    });
    await update('r-ans', { answerStatus: 'ANSWERED' });
    expect(await update('r-after', { approvedBy: 'm' })).toMatchObject({
      status: 409,
      messageCode: 'ContactAlreadyAnswered',
    });
    await create('r-c2', { contactId: 'C-0002' });
    await del('r-del', 'C-0002');
    expect(await update('r-upd-del', { contactId: 'C-0002', title: 'x' })).toMatchObject({
      status: 409,
      messageCode: 'ContactDeleted',
    });
  });
});

it('DeleteContact is logical: the document stays, marked deleted with who and when; no event; twice is ContactDeleted', async () => {
  await create();
  now = T1;
  expect(await del('r-del')).toMatchObject({ status: 200, messageCode: 'Success', contactId: 'C-0001', version: 2 });
  expect(stored()).toMatchObject({ deleted: true, deletedBy: 'op-9', deletedAt: T1, updatedBy: 'op-9', updatedAt: T1 });
  expect(await del('r-del-2')).toMatchObject({ messageCode: 'ContactDeleted' });
  expect(await del('r-del-3', 'C-none')).toMatchObject({ status: 404, messageCode: 'ContactNotFound' });
  expect(events()).toEqual([]);
});

describe('accounts', () => {
  it('UpsertAccount: Success with accountId; e-mail and phone sealed, the e-mail hash beside', async () => {
    expect(await account('UpsertAccount', upsertReq())).toMatchObject({
      status: 200,
      messageCode: 'Success',
      accountId: 'A-2000',
    });
    const a = accounts.docs.get('A-2000')!.record;
    expect(JSON.stringify(a)).not.toContain('Taro');
    expect(opened(a.email)).toBe('Taro.Yamada@example.co.jp');
    expect(a.emailHash).toBe(hashOf('taro.yamada@example.co.jp'));
    expect(opened(a.phone)).toBe('+819012345678');
  });

  it('UpdateAccountContact: an external-auth account changes its e-mail; 配信停止; AccountNotFound; PersonalIdMismatch; nothing to change', async () => {
    await account('UpsertAccount', upsertReq({ externalAuth: true }));
    expect(
      await account('UpdateAccountContact', updateAccountReq({ email: 'new@example.jp', mailDelivery: 'STOPPED' })),
    ).toMatchObject({ messageCode: 'Success' });
    const a = accounts.docs.get('A-2000')!.record;
    expect(opened(a.email)).toBe('new@example.jp');
    expect(a).toMatchObject({ mailDelivery: 'STOPPED', updatedBy: 'crm-operator-03', externalAuth: true, version: 2 });
    expect(
      await account('UpdateAccountContact', updateAccountReq({ accountId: 'A-none', email: 'x@example.jp' })),
    ).toMatchObject({ status: 404, messageCode: 'AccountNotFound', accountId: 'A-none' });
    expect(
      await account('UpdateAccountContact', updateAccountReq({ personalId: 'P-other', email: 'x@example.jp' })),
    ).toMatchObject({ status: 409, messageCode: 'PersonalIdMismatch' });
    expect(await account('UpdateAccountContact', updateAccountReq())).toMatchObject({
      status: 400,
      messageCode: 'ValidationFailed',
      details: [{ field: 'operation' }],
    });
  });

  it('ValidationFailed names the field, never the value', async () => {
    const r = await account('UpsertAccount', upsertReq({ email: 'not-an-address', phone: '12' }));
    expect(r.messageCode).toBe('ValidationFailed');
    expect(r.details.map((d) => d.field).sort()).toEqual(['email', 'phone']);
    expect(JSON.stringify(r)).not.toContain('not-an-address');
    expect(accounts.docs.size).toBe(0);
  });
});
