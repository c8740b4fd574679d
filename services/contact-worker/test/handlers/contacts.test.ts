// The contact handlers over the in-memory marked store: each SPEC 3 code with its
// status and entity, approval as the one thing that publishes an event, and a
// redelivered request answered from its mark (same event id) without a second write.
import { memoryMarkedStore, type Handler, type HandlerContext, type Outcome } from '@workers/runtime';
import type { AccountRecord } from '../../src/domain/account-types';
import type { ContactRecord } from '../../src/domain/types';
import { contactIdFor, createHandlers } from '../../src/handlers';
import { T0, T1, createReq, fakeCrypto, updateReq } from '../domain/fixtures';

const EVENTS = 'crm.contact.events';
let contacts: ReturnType<typeof memoryMarkedStore<ContactRecord>>;
let h: Record<'CreateContact' | 'UpdateContact' | 'DeleteContact', Handler>;
let now: number;
let ids = 0;

beforeEach(() => {
  contacts = memoryMarkedStore<ContactRecord>();
  now = T0;
  h = createHandlers({
    contacts, accounts: memoryMarkedStore<AccountRecord>(), crypto: fakeCrypto, clock: { now: () => now },
    eventTopic: EVENTS, newEventId: () => `ev-${++ids}`,
  }).contacts;
});

const ctx = (requestId: string): HandlerContext => ({ requestId, key: null, envelope: { requestId, sentAt: 0, source: 'CRM', responseLanguage: null } });
const stored = (id = 'C-0001'): ContactRecord | undefined => contacts.all().get(id)?.record;
const create = (requestId = 'r-create', over: Parameters<typeof createReq>[0] = {}): Promise<Outcome> => h.CreateContact(createReq(over), ctx(requestId));
const update = (requestId: string, over: Parameters<typeof updateReq>[0] = {}): Promise<Outcome> => h.UpdateContact(updateReq(over), ctx(requestId));

describe('CreateContact', () => {
  it('Success 201 with contactId and version 1; stored not valid (無効)', async () => {
    expect(await create()).toEqual({ code: 'Success', status: 201, entity: { contactId: 'C-0001', version: 1 } });
    expect(stored()).toMatchObject({ valid: false, answerStatus: 'UNANSWERED', createdAt: T0, mailSent: false });
  });

  it('derives the contactId from the requestId when none is given, so a redelivery finds it', async () => {
    const o = await create('r-gen', { contactId: null });
    expect(o.entity).toEqual({ contactId: contactIdFor('r-gen'), version: 1 });
    expect(contactIdFor('r-gen')).toMatch(/^c-[0-9a-f]{32}$/);
    expect(await create('r-gen', { contactId: null })).toEqual(o);
    expect(contacts.all().size).toBe(1);
  });

  it('ValidationFailed lists every broken field; PolicyNumberRequired; ContactAlreadyExists', async () => {
    const bad = await create('r-bad', { linkUrl: 'http://insecure.example.jp', title: '' });
    expect(bad).toMatchObject({ code: 'ValidationFailed', entity: { contactId: 'C-0001', version: null } });
    expect(bad.details?.map((d) => d.field).sort()).toEqual(['linkUrl', 'title']);
    expect(await create('r-pol', { actionRequestType: 'UNDERWRITING' })).toMatchObject({ code: 'PolicyNumberRequired' });
    await create('r-1');
    expect(await create('r-2')).toMatchObject({ code: 'ContactAlreadyExists', entity: { contactId: 'C-0001' } });
    expect(contacts.all().size).toBe(1);
  });
});

describe('UpdateContact', () => {
  beforeEach(async () => {
    await create();
    now = T1;
  });

  it('approval makes the contact valid and publishes one ContactApproved with the reply', async () => {
    const o = await update('r-approve', { approvedBy: 'manager-1' });
    expect(o).toMatchObject({ code: 'Success', status: 200, entity: { contactId: 'C-0001', version: 2 } });
    expect(o.events).toEqual([{
      topic: EVENTS, key: 'C-0001',
      value: {
        eventId: 'ev-1', occurredAt: T1,
        event: expect.objectContaining({ contactId: 'C-0001', audience: 'PERSON', approvedBy: 'manager-1', approvedAt: T1, kind: 'ACTION_REQUEST' }),
      },
    }]);
    expect(JSON.stringify(o.events)).not.toContain('body');
    expect(stored()).toMatchObject({ valid: true, approvedBy: 'manager-1', approvedAt: T1, updatedBy: 'crm-operator-02', updatedAt: T1, version: 2 });
  });

  it('a redelivered approval gets the same outcome (same event id) from its mark, without a second write', async () => {
    const first = await update('r-approve', { approvedBy: 'manager-1' });
    const again = await update('r-approve', { approvedBy: 'manager-1' });
    expect(again).toEqual(first);
    expect(stored()?.version).toBe(2);
  });

  it('an update never publishes; approving twice is ContactAlreadyApproved', async () => {
    expect((await update('r-edit', { title: '新しい件名' })).events).toBeUndefined();
    await update('r-approve', { approvedBy: 'm' });
    expect(await update('r-approve-2', { approvedBy: 'm' })).toMatchObject({ code: 'ContactAlreadyApproved' });
  });

  it('approval together with ANSWERED: approved, but no event', async () => {
    const o = await update('r-both', { approvedBy: 'm', answerStatus: 'ANSWERED' });
    expect(o.code).toBe('Success');
    expect(o.events).toBeUndefined();
  });

  it('ContactAlreadyAnswered, VersionConflict, ContactNotFound, ContactDeleted', async () => {
    expect(await update('r-v', { title: 'x', expectedVersion: 7 })).toMatchObject({ code: 'VersionConflict' });
    expect(await h.UpdateContact(updateReq({ contactId: 'C-none', title: 'x' }), ctx('r-nf'))).toMatchObject({ code: 'ContactNotFound', entity: { contactId: 'C-none' } });
    await update('r-ans', { answerStatus: 'ANSWERED' });
    expect(await update('r-after', { approvedBy: 'm' })).toMatchObject({ code: 'ContactAlreadyAnswered' });
    await create('r-c2', { contactId: 'C-0002' });
    await h.DeleteContact({ contactId: 'C-0002', deletedBy: 'op' }, ctx('r-del'));
    expect(await h.UpdateContact(updateReq({ contactId: 'C-0002', title: 'x' }), ctx('r-upd-del'))).toMatchObject({ code: 'ContactDeleted' });
  });
});

describe('DeleteContact', () => {
  it('logical delete: the document stays, marked deleted with who and when; no event; twice is ContactDeleted', async () => {
    await create();
    now = T1;
    const o = await h.DeleteContact({ contactId: 'C-0001', deletedBy: 'op-9' }, ctx('r-del'));
    expect(o).toEqual({ code: 'Success', status: 200, entity: { contactId: 'C-0001', version: 2 } });
    expect(stored()).toMatchObject({ deleted: true, deletedBy: 'op-9', deletedAt: T1, updatedBy: 'op-9', updatedAt: T1 });
    expect(await h.DeleteContact({ contactId: 'C-0001', deletedBy: 'op-9' }, ctx('r-del-2'))).toMatchObject({ code: 'ContactDeleted' });
    expect(await h.DeleteContact({ contactId: 'C-none', deletedBy: 'op-9' }, ctx('r-del-3'))).toMatchObject({ code: 'ContactNotFound' });
  });
});
