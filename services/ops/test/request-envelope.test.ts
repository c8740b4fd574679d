import { matches } from '../src/filters';
import { serviceOf } from '../src/operator-request';
import { defaultReplyTopic, fillEnvelope } from '../src/request-envelope';

describe('fillEnvelope', () => {
  it('fills requestId and sentAt only when absent', () => {
    expect(fillEnvelope({ source: 'ALCS' }, 1000, () => 'id-1')).toEqual({
      request: { source: 'ALCS', requestId: 'id-1', sentAt: 1000 },
      requestId: 'id-1',
    });
    expect(fillEnvelope({ requestId: 'mine', sentAt: '2025-01-31T09:00:00Z' }, 1000, () => 'id-1')).toEqual({
      request: { requestId: 'mine', sentAt: '2025-01-31T09:00:00Z' },
      requestId: 'mine',
    });
    expect(fillEnvelope({}).requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it.each([[[]], ['text'], [null], [{ requestId: 5 }], [{ requestId: '' }]])('refuses %p', (json) => {
    expect(() => fillEnvelope(json)).toThrow(expect.objectContaining({ code: 2 }));
  });
});

describe('serviceOf', () => {
  it('names the route whose namespace holds the operation', () => {
    expect(serviceOf({ operation: { 'alcs.card.LockCard': { cardNumber: '4000' } } })).toBe('cards');
    expect(serviceOf({ operation: { 'crm.contact.DeleteContact': { contactId: 'C-1' } } })).toBe('contacts');
    expect(serviceOf({ operation: { 'crm.account.UpsertAccount': { accountId: 'A-1' } } })).toBe('accounts');
  });

  it.each([[{}], [{ operation: { 'crm.contact.events.ContactApproved': {} } }], [{ operation: 'x' }]])(
    'refuses %p',
    (value) => {
      expect(() => serviceOf(value)).toThrow(expect.objectContaining({ code: 2 }));
    },
  );
});

it('derives the reply topic from a .requests topic only', () => {
  expect(defaultReplyTopic('alcs.card.requests')).toBe('alcs.card.replies');
  expect(defaultReplyTopic('crm.account.requests')).toBe('crm.account.replies');
  expect(defaultReplyTopic('alcs.card.requests-x1')).toBeUndefined();
  expect(defaultReplyTopic('crm.contact.events')).toBeUndefined();
});

describe('tail filters', () => {
  const reply = { key: 'k1', headers: { 'correlation-id': 'r-1' }, value: { requestId: 'r-1' } };
  it('match by key and by requestId in the value or the correlation-id header', () => {
    expect(matches(reply, {})).toBe(true);
    expect(matches(reply, { key: 'k1', requestId: 'r-1' })).toBe(true);
    expect(matches(reply, { key: 'k2' })).toBe(false);
    expect(matches({ ...reply, headers: {} }, { requestId: 'r-1' })).toBe(true);
    expect(matches({ ...reply, value: null }, { requestId: 'r-1' })).toBe(true);
    expect(matches({ key: null, headers: {}, value: null }, { requestId: 'r-1' })).toBe(false);
  });
});
