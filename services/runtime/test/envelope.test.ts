import { parseEnvelope, type Parsed } from '../src/envelope';

function ok(v: unknown): Parsed {
  const p = parseEnvelope(v);
  if (typeof p === 'string') throw new Error(`expected a parse, got "${p}"`);
  return p;
}

describe('parseEnvelope', () => {
  const payload = { cardNumber: '1234', phone: '+48123' };

  it('reads a full envelope and the operation short name', () => {
    const p = ok({
      requestId: 'r-1',
      sentAt: 1_700_000_000_000,
      source: 'pos-17',
      responseLanguage: { clientLanguage: 'pl_PL', cashierLanguage: 'en_US' },
      operation: { 'alcs.card.ActivateCard': payload },
    });
    expect(p).toEqual({
      envelope: {
        requestId: 'r-1',
        sentAt: 1_700_000_000_000,
        source: 'pos-17',
        responseLanguage: { clientLanguage: 'pl_PL', cashierLanguage: 'en_US' },
      },
      operation: 'ActivateCard',
      payload,
    });
    expect(p.payload).toBe(payload);
  });

  it('defaults missing optional fields', () => {
    const p = ok({ requestId: 'r-2', operation: { 'alcs.card.BlockCard': payload } });
    expect(p.envelope).toEqual({ requestId: 'r-2', sentAt: 0, source: '', responseLanguage: null });
    expect(p.operation).toBe('BlockCard');
  });

  it('ignores wrongly typed optional fields', () => {
    const p = ok({ requestId: 'r-3', sentAt: '1', source: 7, responseLanguage: null, operation: { X: {} } });
    expect(p.envelope).toEqual({ requestId: 'r-3', sentAt: 0, source: '', responseLanguage: null });
  });

  it('takes an unqualified branch name as is', () => {
    expect(ok({ requestId: 'r', operation: { ActivateCard: payload } }).operation).toBe('ActivateCard');
  });

  it('takes the last segment of a deeply namespaced branch', () => {
    expect(ok({ requestId: 'r', operation: { 'com.example.crm.contact.UpdateContact': null } })).toMatchObject({
      operation: 'UpdateContact',
      payload: null,
    });
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'value is not a record'],
    ['undefined', undefined, 'value is not a record'],
    ['a string', 'hello', 'value is not a record'],
    ['a number', 42, 'value is not a record'],
    ['no requestId', { operation: { 'a.B': {} } }, 'requestId is missing'],
    ['an empty requestId', { requestId: '', operation: { 'a.B': {} } }, 'requestId is missing'],
    ['a numeric requestId', { requestId: 5, operation: { 'a.B': {} } }, 'requestId is missing'],
    ['no operation', { requestId: 'r' }, 'operation is missing'],
    ['a null operation', { requestId: 'r', operation: null }, 'operation is missing'],
    ['a string operation', { requestId: 'r', operation: 'a.B' }, 'operation is missing'],
    ['an operation with no branch', { requestId: 'r', operation: {} }, 'operation must hold exactly one branch'],
    [
      'an operation with two branches',
      { requestId: 'r', operation: { 'a.B': {}, 'a.C': {} } },
      'operation must hold exactly one branch',
    ],
  ])('reports %s', (_what, value, error) => {
    expect(parseEnvelope(value)).toBe(error);
  });
});
