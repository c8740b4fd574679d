import type { Decision } from '@workers/runtime';
import type { ContactRecord } from '../../src/domain/types';
import { decideCreate } from '../../src/operations/create-contact';
import { decideDelete } from '../../src/operations/delete-contact';
import { approvalEvent, contactEventValue } from '../../src/operations/update-contact';
import {
  APPROVALS,
  REQ_ID,
  T0,
  T1,
  T2,
  broadcastReq,
  contact,
  createReq,
  refused,
  update as decideUpdate,
  updateReq,
} from './fixtures';

/**
 * What a decision writes, answering Success with the contact and its new version:
 * `approved` when the write approves the contact (approved at this update's time),
 * `emitApproval` when an approval event goes out with the reply.
 */
function applied(d: Decision<ContactRecord>) {
  const next = d.write;
  if (next === undefined) throw new Error(`expected a write, got ${JSON.stringify(d)}`);
  expect(d.outcome).toMatchObject({ code: 'Success', entity: { contactId: next.contactId, version: next.version } });
  const events = d.outcome.events ?? [];
  return {
    next,
    events,
    approved: next.valid && next.approvedAt === next.updatedAt,
    emitApproval: events.length > 0,
  };
}
const approve = (by = '承認者 鈴木') => updateReq({ approvedBy: by });
const approvedContact = (over: Partial<ContactRecord> = {}) =>
  contact({ valid: true, approvedBy: '承認者 鈴木', approvedAt: T1, updatedAt: T1, version: 2, ...over });

describe('decideCreate', () => {
  it('stores a new action request not valid (無効), UNANSWERED, version 1', () => {
    const v = applied(decideCreate(null, createReq(), T0, 'C-0001', REQ_ID));
    expect(v.next).toEqual(contact());
    expect(v.approved).toBe(false);
    expect(v.emitApproval).toBe(false);
  });

  it('a notice starts NOT_APPLICABLE', () => {
    const next = applied(decideCreate(null, broadcastReq(), T0, 'C-ALL-1', REQ_ID)).next;
    expect(next.answerStatus).toBe('NOT_APPLICABLE');
    expect(next.valid).toBe(false);
    expect(next.audience).toBe('ALL');
    expect(next.personalId).toBeNull();
    expect(next.accountId).toBeNull();
    expect(next.sender).toEqual({ name: 'SystemAdmin', type: 'SYSTEM' });
  });

  it('uses the contactId given by the caller when the request has none', () => {
    const next = applied(decideCreate(null, createReq({ contactId: null }), T0, 'gen-42', REQ_ID)).next;
    expect(next.contactId).toBe('gen-42');
    expect(next.createRequestId).toBe(REQ_ID);
  });

  it("refuses a contactId that is not the request's own (caller bug)", () => {
    expect(() => decideCreate(null, createReq(), T0, 'C-other', REQ_ID)).toThrow(TypeError);
  });

  it('the same create again (same requestId) is a noop answering the same contact', () => {
    const existing = contact({ version: 3, valid: true });
    expect(decideCreate(existing, createReq(), T1, 'C-0001', REQ_ID)).toEqual({
      outcome: { code: 'Success', entity: { contactId: 'C-0001', version: 3 } },
    });
  });

  it('a contactId used by another request: ContactAlreadyExists', () => {
    expect(decideCreate(contact(), createReq(), T1, 'C-0001', 'req-other')).toEqual(refused('ContactAlreadyExists'));
    expect(decideCreate(contact({ deleted: true }), createReq(), T1, 'C-0001', 'req-other')).toEqual(
      refused('ContactAlreadyExists'),
    );
  });

  it.each(['PAYMENT_ROUTE_DEFECT', 'UNDERWRITING'] as const)(
    '%s without a policy number: PolicyNumberRequired',
    (t) => {
      expect(decideCreate(null, createReq({ actionRequestType: t }), T0, 'C-0001', REQ_ID)).toEqual(
        refused('PolicyNumberRequired'),
      );
      expect(decideCreate(null, createReq({ actionRequestType: t, policyNumber: ' ' }), T0, 'C-0001', REQ_ID)).toEqual(
        refused('PolicyNumberRequired'),
      );
      expect(
        applied(decideCreate(null, createReq({ actionRequestType: t, policyNumber: 'S-1' }), T0, 'C-0001', REQ_ID)).next
          .policyNumber,
      ).toBe('S-1');
    },
  );

  it('stores blank optional texts as null', () => {
    const next = applied(decideCreate(null, createReq({ linkUrl: '', policyNumber: '' }), T0, 'C-0001', REQ_ID)).next;
    expect(next.linkUrl).toBeNull();
    expect(next.policyNumber).toBeNull();
  });

  it('copies the sender instead of sharing it', () => {
    const req = createReq();
    const next = applied(decideCreate(null, req, T0, 'C-0001', REQ_ID)).next;
    expect(next.sender).not.toBe(req.sender);
  });
});

describe('decideUpdate: rejections, in order', () => {
  it('unknown contact: ContactNotFound', () => {
    expect(decideUpdate(null, updateReq({ title: 'x' }), T1)).toEqual(refused('ContactNotFound'));
  });

  it('deleted contact: ContactDeleted (before any other check)', () => {
    const deleted = contact({ deleted: true, answerStatus: 'ANSWERED', valid: true });
    expect(decideUpdate(deleted, updateReq({ title: 'x', expectedVersion: 9, approvedBy: 'a' }), T1)).toEqual(
      refused('ContactDeleted'),
    );
  });

  it('ANSWERED contact: ContactAlreadyAnswered, whatever the update', () => {
    const answered = contact({ answerStatus: 'ANSWERED' });
    for (const req of [
      updateReq({ title: 'x' }),
      approve(),
      updateReq({ answerStatus: 'ANSWERED' }),
      updateReq({ title: 'x', expectedVersion: 9 }),
    ]) {
      expect(decideUpdate(answered, req, T1)).toEqual(refused('ContactAlreadyAnswered'));
    }
  });

  it('expectedVersion differs: VersionConflict; equal or absent: applied', () => {
    expect(decideUpdate(contact({ version: 2 }), updateReq({ title: 'x', expectedVersion: 1 }), T1)).toEqual(
      refused('VersionConflict'),
    );
    expect(
      applied(decideUpdate(contact({ version: 2 }), updateReq({ title: 'x', expectedVersion: 2 }), T1)).next.version,
    ).toBe(3);
    expect(applied(decideUpdate(contact({ version: 2 }), updateReq({ title: 'x' }), T1)).next.version).toBe(3);
  });

  it('approval of a valid contact: ContactAlreadyApproved', () => {
    expect(decideUpdate(approvedContact(), approve('other'), T2)).toEqual(refused('ContactAlreadyApproved'));
  });

  it('a valid contact can still be edited without approvedBy', () => {
    const v = applied(decideUpdate(approvedContact(), updateReq({ title: '修正後の件名' }), T2));
    expect(v.next.title).toBe('修正後の件名');
    expect(v.next.valid).toBe(true);
    expect(v.next.approvedAt).toBe(T1);
    expect(v.approved).toBe(false);
    expect(v.emitApproval).toBe(false);
  });

  it('answerStatus on a notice: ValidationFailed', () => {
    const notice = contact({ kind: 'NOTICE', actionRequestType: null, answerStatus: 'NOT_APPLICABLE' });
    expect(decideUpdate(notice, updateReq({ answerStatus: 'ANSWERED' }), T1)).toEqual(
      refused('ValidationFailed', [{ field: 'answerStatus', reason: 'applies only to ACTION_REQUEST contacts' }]),
    );
  });
});

describe('decideUpdate: four-eyes approval (審査する人とコールセンターは別)', () => {
  const selfApproval = refused('SelfApprovalNotAllowed');

  it('the creator cannot approve, however the id is written', () => {
    for (const by of ['crm-operator-01', ' CRM-Operator-01 ', 'ｃｒｍ-operator-01'])
      expect(decideUpdate(contact(), approve(by), T1)).toEqual(selfApproval);
  });

  it('the author of the last content change cannot approve; a status-only updater can', () => {
    const edited = applied(decideUpdate(contact(), updateReq({ updatedBy: 'op-2', body: '修正' }), T1)).next;
    expect(edited.contentUpdatedBy).toBe('op-2');
    expect(decideUpdate(edited, approve('op-2'), T2)).toEqual(selfApproval);
    const touched = applied(
      decideUpdate(edited, updateReq({ updatedBy: 'op-3', answerStatus: 'UNANSWERED', title: edited.title }), T2),
    ).next;
    expect(touched).toMatchObject({ updatedBy: 'op-3', contentUpdatedBy: 'op-2' });
    expect(decideUpdate(touched, approve('op-2'), T2)).toEqual(selfApproval);
    expect(applied(decideUpdate(touched, approve('op-3'), T2))).toMatchObject({
      approved: true,
      next: { approvedBy: 'op-3' },
    });
  });

  it('an approval that also changes content counts its own updater as the author', () => {
    expect(decideUpdate(contact(), updateReq({ updatedBy: 'mgr', title: '新件名', approvedBy: 'mgr' }), T1)).toEqual(
      selfApproval,
    );
    expect(applied(decideUpdate(contact(), updateReq({ updatedBy: 'mgr', approvedBy: 'mgr' }), T1))).toMatchObject({
      approved: true,
      emitApproval: true,
    });
    expect(
      applied(decideUpdate(contact(), updateReq({ updatedBy: 'op-9', title: '新件名', approvedBy: 'mgr' }), T1)).next,
    ).toMatchObject({ valid: true, approvedBy: 'mgr', contentUpdatedBy: 'op-9', title: '新件名' });
  });

  it('a record stored before contentUpdatedBy existed takes its last updater as the author', () => {
    const { contentUpdatedBy: _gone, ...legacy } = contact({ updatedBy: 'op-7' });
    expect(decideUpdate(legacy as ContactRecord, approve('op-7'), T1)).toEqual(selfApproval);
  });

  it('an already approved contact answers ContactAlreadyApproved, also to its creator', () => {
    expect(decideUpdate(approvedContact(), approve('crm-operator-01'), T2)).toEqual(refused('ContactAlreadyApproved'));
  });
});

describe('decideUpdate: policy number', () => {
  const defect = (over: Partial<ContactRecord> = {}) =>
    contact({ actionRequestType: 'PAYMENT_ROUTE_DEFECT', policyNumber: 'S-1', ...over });

  it('removing the policy number of a type that needs it: PolicyNumberRequired', () => {
    expect(decideUpdate(defect(), updateReq({ policyNumber: '' }), T1)).toEqual(refused('PolicyNumberRequired'));
    expect(decideUpdate(defect({ actionRequestType: 'UNDERWRITING' }), updateReq({ policyNumber: ' ' }), T1)).toEqual(
      refused('PolicyNumberRequired'),
    );
  });

  it('a stored record still lacking one: PolicyNumberRequired until an update supplies it', () => {
    const lacking = defect({ policyNumber: null });
    expect(decideUpdate(lacking, updateReq({ title: 'x' }), T1)).toEqual(refused('PolicyNumberRequired'));
    expect(applied(decideUpdate(lacking, updateReq({ policyNumber: 'S-2' }), T1)).next.policyNumber).toBe('S-2');
  });

  it('changing it is fine; removing it where it is optional stores null', () => {
    expect(applied(decideUpdate(defect(), updateReq({ policyNumber: 'S-9' }), T1)).next.policyNumber).toBe('S-9');
    expect(
      applied(decideUpdate(contact({ policyNumber: 'S-1' }), updateReq({ policyNumber: '' }), T1)).next.policyNumber,
    ).toBeNull();
  });
});

describe('decideUpdate: changes', () => {
  it('changes only the fields given, stamps updatedBy / updatedAt and bumps the version', () => {
    const before = contact();
    const v = applied(
      decideUpdate(
        before,
        updateReq({ title: '新件名', body: '新本文', publishAt: T2, linkUrl: 'https://example.jp/new' }),
        T1,
      ),
    );
    expect(v.next).toEqual({
      ...before,
      title: '新件名',
      body: '新本文',
      publishAt: T2,
      linkUrl: 'https://example.jp/new',
      updatedBy: 'crm-operator-02',
      updatedAt: T1,
      version: 2,
      contentUpdatedBy: 'crm-operator-02',
    });
    expect(v.approved).toBe(false);
    expect(v.emitApproval).toBe(false);
    expect(before).toEqual(contact()); // input untouched
  });

  it('a blank linkUrl removes the link', () => {
    expect(applied(decideUpdate(contact(), updateReq({ linkUrl: '' }), T1)).next.linkUrl).toBeNull();
  });

  it('marks an action request ANSWERED (settled by phone): no mail, no approval', () => {
    const v = applied(decideUpdate(contact(), updateReq({ answerStatus: 'ANSWERED' }), T1));
    expect(v.next.answerStatus).toBe('ANSWERED');
    expect(v.next.valid).toBe(false);
    expect(v.emitApproval).toBe(false);
    // …and from then on it can no longer be updated, nor approved
    expect(decideUpdate(v.next, approve(), T2)).toEqual(refused('ContactAlreadyAnswered'));
  });

  it('an update of an approved contact never emits an approval again', () => {
    const v = applied(decideUpdate(approvedContact(), updateReq({ body: '本文の修正' }), T2));
    expect(v.emitApproval).toBe(false);
  });
});

describe('decideUpdate: approval', () => {
  it('approvedBy on a not-yet-valid contact: valid, approver and approval time recorded, event emitted', () => {
    const v = applied(decideUpdate(contact(), approve(), T1));
    expect(v.next.valid).toBe(true);
    expect(v.next.approvedBy).toBe('承認者 鈴木');
    expect(v.next.approvedAt).toBe(T1);
    expect(v.next.updatedBy).toBe('crm-operator-02');
    expect(v.next.updatedAt).toBe(T1);
    expect(v.next.version).toBe(2);
    expect(v.approved).toBe(true);
    expect(v.emitApproval).toBe(true);
    expect(v.events).toEqual([
      {
        topic: APPROVALS.topic,
        key: 'C-0001',
        value: contactEventValue(approvalEvent(v.next, 'ev-1', T1)),
      },
    ]);
  });

  it('approves a notice (NOT_APPLICABLE) and emits', () => {
    const notice = contact({ kind: 'NOTICE', actionRequestType: null, answerStatus: 'NOT_APPLICABLE' });
    const v = applied(decideUpdate(notice, approve(), T1));
    expect(v.approved).toBe(true);
    expect(v.emitApproval).toBe(true);
  });

  it('approval with answerStatus ANSWERED in the same update: approved, but no event (no mail)', () => {
    const v = applied(decideUpdate(contact(), updateReq({ approvedBy: '承認者 鈴木', answerStatus: 'ANSWERED' }), T1));
    expect(v.next.valid).toBe(true);
    expect(v.next.answerStatus).toBe('ANSWERED');
    expect(v.approved).toBe(true);
    expect(v.emitApproval).toBe(false);
  });

  it('approval together with edits applies both', () => {
    const v = applied(decideUpdate(contact(), updateReq({ approvedBy: 'a', title: '確定版', expectedVersion: 1 }), T1));
    expect(v.next.title).toBe('確定版');
    expect(v.next.valid).toBe(true);
    expect(v.emitApproval).toBe(true);
  });

  it('approval with a wrong expectedVersion: VersionConflict', () => {
    expect(decideUpdate(contact(), updateReq({ approvedBy: 'a', expectedVersion: 5 }), T1)).toEqual(
      refused('VersionConflict'),
    );
  });
});

describe('decideDelete', () => {
  it('unknown contact: ContactNotFound', () => {
    expect(decideDelete(null, { contactId: 'C-0001', deletedBy: 'op' }, T1)).toEqual(refused('ContactNotFound'));
  });

  it('already deleted: ContactDeleted', () => {
    expect(decideDelete(contact({ deleted: true }), { contactId: 'C-0001', deletedBy: 'op' }, T1)).toEqual(
      refused('ContactDeleted'),
    );
  });

  it.each([
    ['not approved', contact()],
    ['approved', approvedContact()],
    ['answered', contact({ answerStatus: 'ANSWERED' })],
  ])('logically deletes a %s contact, recorded as the last update, with no event', (_n, before) => {
    const v = applied(decideDelete(before, { contactId: 'C-0001', deletedBy: 'op-del' }, T2));
    expect(v.next).toEqual({
      ...before,
      deleted: true,
      deletedBy: 'op-del',
      deletedAt: T2,
      updatedBy: 'op-del',
      updatedAt: T2,
      version: before.version + 1,
    });
    expect(v.approved).toBe(false);
    expect(v.emitApproval).toBe(false);
    expect(before.deleted).toBe(false);
    // a deleted contact can no longer be updated or approved
    expect(decideUpdate(v.next, approve(), T2)).toEqual(refused('ContactDeleted'));
  });
});

describe('approvalEvent', () => {
  const secret = contact({
    actionRequestType: 'PAYMENT_ROUTE_DEFECT',
    policyNumber: 'S-987654321',
    body: '口座振替の不備：契約内容の詳細',
  });
  const approved = applied(decideUpdate(secret, approve(), T1)).next;

  it('carries exactly the event fields, built from the record', () => {
    expect(approvalEvent(approved, 'ev-1', T1)).toStrictEqual({
      eventId: 'ev-1',
      occurredAt: T1,
      contactId: 'C-0001',
      audience: 'PERSON',
      personalId: 'P-1000',
      accountId: 'A-2000',
      kind: 'ACTION_REQUEST',
      title: '本人確認書類のご提出のお願い',
      linkUrl: 'https://mypage.example.jp/identity/upload?c=C-0001',
      publishAt: T0,
      approvedBy: '承認者 鈴木',
      approvedAt: T1,
    });
  });

  it('never carries the body or the policy number', () => {
    const json = JSON.stringify([
      approvalEvent(approved, 'ev-1', T1),
      contactEventValue(approvalEvent(approved, 'ev-1', T1)),
    ]);
    expect(json).not.toContain('S-987654321');
    expect(json).not.toContain('口座振替');
    expect(json).not.toContain('body');
    expect(json).not.toContain('policyNumber');
  });

  it('refuses a contact that is not approved (caller bug)', () => {
    expect(() => approvalEvent(contact(), 'ev-1', T1)).toThrow(TypeError);
  });

  it('contactEventValue nests the payload under `event`', () => {
    const e = approvalEvent(approved, 'ev-1', T1);
    const { eventId, occurredAt, ...payload } = e;
    expect(contactEventValue(e)).toStrictEqual({ eventId, occurredAt, event: payload });
  });
});
