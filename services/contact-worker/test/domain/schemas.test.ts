// The contact and account schemas parse (as the registry codec reads them), name the
// operations the domain knows, and round-trip a sample of every operation, reply and
// event shaped like the domain types.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import avro from 'avsc';
import { avroLogicalTypes } from '@workers/runtime';
import { validateCreate } from '../../src/operations/create-contact';
import { approvalEvent, contactEventValue, validateUpdate } from '../../src/operations/update-contact';
import { ACCOUNT_OPERATIONS, type AccountRequest } from '../../src/domain/account-types';
import { validateUpdateContact } from '../../src/operations/update-account-contact';
import { validateUpsert } from '../../src/operations/upsert-account';
import { CONTACT_OPERATIONS, type ContactEvent, type ContactRequest } from '../../src/domain/types';
import { T0, T1, contact, createReq, update as decideUpdate, updateAccountReq, updateReq, upsertReq } from './fixtures';

type AvroSchema = Parameters<typeof avro.Type.forSchema>[0];
const FILES = [
  'crm.contact.requests.avsc',
  'crm.contact.replies.avsc',
  'crm.account.requests.avsc',
  'crm.account.replies.avsc',
  'crm.contact.events.avsc',
];
const read = (name: string): AvroSchema =>
  JSON.parse(readFileSync(join(__dirname, '../../../../schemas', name), 'utf8')) as AvroSchema;
const load = (name: string) => avro.Type.forSchema(read(name), { logicalTypes: avroLogicalTypes });
const roundTrip = (t: avro.Type, value: unknown): unknown => t.fromBuffer(t.toBuffer(value));

function unionNames(file: string, field: string): string[] {
  const t = load(file) as avro.types.RecordType;
  const u = t.field(field)?.type as avro.types.UnwrappedUnionType | avro.types.WrappedUnionType;
  return u.types.map((x) => x.name ?? x.typeName);
}

function enumSymbols(t: avro.Type, name: string): string[] {
  const found: string[][] = [];
  const visit = (x: avro.Type, seen: Set<avro.Type>): void => {
    if (seen.has(x)) return;
    seen.add(x);
    if (x instanceof avro.types.EnumType && x.name === name) found.push(x.symbols);
    if (x instanceof avro.types.RecordType) for (const f of x.fields) visit(f.type, seen);
    if (x instanceof avro.types.UnwrappedUnionType || x instanceof avro.types.WrappedUnionType)
      for (const y of x.types) visit(y, seen);
    if (x instanceof avro.types.ArrayType) visit(x.itemsType, seen);
  };
  visit(t, new Set());
  if (found.length === 0) throw new Error(`no enum ${name}`);
  return found[0] ?? [];
}

describe('contact and account schemas', () => {
  it.each(FILES)('%s parses with plain avsc and with the runtime logical types, with docs', (f) => {
    const plain = avro.Type.forSchema(read(f));
    expect(plain.name).toMatch(/^crm\.(contact|account)\.[A-Z]\w+$/);
    expect(load(f).name).toBe(plain.name);
    expect((read(f) as { doc?: string }).doc).toEqual(expect.any(String));
  });

  it('the request unions hold exactly the domain operations', () => {
    expect(unionNames('crm.contact.requests.avsc', 'operation')).toEqual(
      CONTACT_OPERATIONS.map((n) => `crm.contact.${n}`),
    );
    expect(unionNames('crm.account.requests.avsc', 'operation')).toEqual(
      ACCOUNT_OPERATIONS.map((n) => `crm.account.${n}`),
    );
    expect(unionNames('crm.contact.events.avsc', 'event')).toEqual(['crm.contact.ContactApproved']);
  });

  it('the enums carry the symbols of the domain types', () => {
    const req = load('crm.contact.requests.avsc');
    expect(enumSymbols(req, 'crm.contact.Audience')).toEqual(['PERSON', 'ALL']);
    expect(enumSymbols(req, 'crm.contact.ContactKind')).toEqual(['NOTICE', 'ACTION_REQUEST']);
    expect(enumSymbols(req, 'crm.contact.ActionRequestType')).toEqual([
      'IDENTITY_VERIFICATION',
      'PAYMENT_ROUTE_DEFECT',
      'UNDERWRITING',
      'DOCUMENT_SUBMISSION',
      'OTHER',
    ]);
    expect(enumSymbols(req, 'crm.contact.AnswerStatus')).toEqual(['UNANSWERED', 'ANSWERED', 'NOT_APPLICABLE']);
    expect(enumSymbols(req, 'crm.contact.SenderType')).toEqual(['HUMAN', 'SYSTEM']);
    expect(enumSymbols(load('crm.account.requests.avsc'), 'crm.account.MailDelivery')).toEqual(['ENABLED', 'STOPPED']);
    const ev = load('crm.contact.events.avsc');
    expect(enumSymbols(ev, 'crm.contact.Audience')).toEqual(['PERSON', 'ALL']);
    expect(enumSymbols(ev, 'crm.contact.ContactKind')).toEqual(['NOTICE', 'ACTION_REQUEST']);
  });

  describe('crm.contact.requests', () => {
    const t = load('crm.contact.requests.avsc');
    const envelope = {
      requestId: 'r-1',
      sentAt: T0,
      source: 'CRM',
      responseLanguage: { clientLanguage: 'ja_JP', cashierLanguage: null },
    };

    it('round-trips a CreateContact', () => {
      const req: ContactRequest = {
        ...envelope,
        operation: { 'crm.contact.CreateContact': createReq({ policyNumber: 'S-1' }) },
      };
      const back = roundTrip(t, req) as ContactRequest;
      expect(back).toEqual(req);
      expect(
        validateCreate(
          (back.operation as { 'crm.contact.CreateContact': ReturnType<typeof createReq> })[
            'crm.contact.CreateContact'
          ],
        ),
      ).toEqual([]);
    });

    it('round-trips an UpdateContact with every optional field, and one with none but approvedBy', () => {
      const full: ContactRequest = {
        ...envelope,
        operation: {
          'crm.contact.UpdateContact': updateReq({
            title: '件名',
            body: '本文',
            linkUrl: 'https://example.jp',
            policyNumber: 'S-2',
            publishAt: T1,
            answerStatus: 'ANSWERED',
            expectedVersion: 7,
            approvedBy: '鈴木',
          }),
        },
      };
      expect(roundTrip(t, full)).toEqual(full);
      const approve: ContactRequest = {
        ...envelope,
        responseLanguage: null,
        operation: { 'crm.contact.UpdateContact': updateReq({ approvedBy: '鈴木' }) },
      };
      const back = roundTrip(t, approve) as ContactRequest;
      expect(back).toEqual(approve);
      expect(
        validateUpdate(
          (back.operation as { 'crm.contact.UpdateContact': ReturnType<typeof updateReq> })[
            'crm.contact.UpdateContact'
          ],
        ),
      ).toEqual([]);
    });

    it('round-trips a DeleteContact', () => {
      const req: ContactRequest = {
        ...envelope,
        operation: { 'crm.contact.DeleteContact': { contactId: 'C-0001', deletedBy: 'op' } },
      };
      expect(roundTrip(t, req)).toEqual(req);
    });

    it('rejects a value the schema does not allow', () => {
      const bad = { ...envelope, operation: { 'crm.contact.CreateContact': { ...createReq(), audience: 'EVERYONE' } } };
      expect(t.isValid(bad)).toBe(false);
    });
  });

  describe('crm.account.requests', () => {
    const t = load('crm.account.requests.avsc');
    const envelope = { requestId: 'r-2', sentAt: T0, source: 'WEB', responseLanguage: null };

    it('round-trips an UpsertAccount', () => {
      const req: AccountRequest = { ...envelope, operation: { 'crm.account.UpsertAccount': upsertReq() } };
      const back = roundTrip(t, req) as AccountRequest;
      expect(back).toEqual(req);
      expect(
        validateUpsert(
          (back.operation as { 'crm.account.UpsertAccount': ReturnType<typeof upsertReq> })[
            'crm.account.UpsertAccount'
          ],
        ),
      ).toEqual([]);
    });

    it('round-trips an UpdateAccountContact (mail delivery stop)', () => {
      const req: AccountRequest = {
        ...envelope,
        source: 'CRM',
        operation: { 'crm.account.UpdateAccountContact': updateAccountReq({ mailDelivery: 'STOPPED' }) },
      };
      const back = roundTrip(t, req) as AccountRequest;
      expect(back).toEqual(req);
      expect(
        validateUpdateContact(
          (back.operation as { 'crm.account.UpdateAccountContact': ReturnType<typeof updateAccountReq> })[
            'crm.account.UpdateAccountContact'
          ],
        ),
      ).toEqual([]);
    });
  });

  it('encodes a contact reply and an account reply', () => {
    const contactReply = {
      requestId: 'r-1',
      operation: 'CreateContact',
      status: 201,
      messageCode: 'Success',
      message: '正常に処理しました。',
      contactId: 'C-0001',
      version: 1,
      details: [],
      processedAt: T0,
    };
    expect(roundTrip(load('crm.contact.replies.avsc'), contactReply)).toEqual(contactReply);
    const rejected = {
      ...contactReply,
      status: 400,
      messageCode: 'ValidationFailed',
      contactId: null,
      version: null,
      details: [{ field: 'title', reason: 'must not be empty' }],
    };
    expect(roundTrip(load('crm.contact.replies.avsc'), rejected)).toEqual(rejected);
    const accountReply = {
      requestId: 'r-2',
      operation: 'UpdateAccountContact',
      status: 404,
      messageCode: 'AccountNotFound',
      message: 'x',
      accountId: 'A-2000',
      details: [],
      processedAt: T1,
    };
    expect(roundTrip(load('crm.account.replies.avsc'), accountReply)).toEqual(accountReply);
  });

  describe('crm.contact.events', () => {
    const t = load('crm.contact.events.avsc');

    it('round-trips the approval event the rules build (the single-branch union is unwrapped)', () => {
      const approved = decideUpdate(contact(), updateReq({ approvedBy: '鈴木' }), T1);
      if (approved.write === undefined) throw new Error('expected a write');
      const value = contactEventValue(approvalEvent(approved.write, 'ev-1', T1));
      expect(t.isValid(value)).toBe(true);
      expect(roundTrip(t, value)).toEqual(value);
      const broadcast: ContactEvent = {
        ...value,
        event: { ...value.event, audience: 'ALL', personalId: null, accountId: null, kind: 'NOTICE', linkUrl: null },
      };
      expect(roundTrip(t, broadcast)).toEqual(broadcast);
    });

    it('has no field for the body or the policy number', () => {
      const text = JSON.stringify(read('crm.contact.events.avsc'));
      expect(text).not.toContain('"body"');
      expect(text).not.toContain('"policyNumber"');
    });
  });
});
