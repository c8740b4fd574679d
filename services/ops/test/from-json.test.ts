import type avro from 'avsc';
import { ConversionError, fromJson } from '../src/avro/from-json';
import { toJson } from '../src/avro/to-json';
import { parseSchema } from '../src/avro/types';
import { schemaOf } from './schema-fixture';

const cardRequests = schemaOf('alcs.card.requests');
const register = {
  requestId: 'r-1',
  sentAt: '2025-01-31T09:00:00Z',
  source: 'ALCS',
  operation: {
    RegisterCard: {
      cardNumber: '123',
      identity: { posNumber: '1', siteId: 'S' },
      loyaltyCard: {
        cardNumber: '123',
        gender: 'U',
        cardPinHmac: 'ab'.repeat(32),
        wallets: [
          { id: 'w', balance: '10.50', stat: { lost: 0, transferredOut: '1', transferredIn: 2.25 }, version: 'abc' },
        ],
      },
    },
  },
};

const problem = (type: avro.Type, json: unknown): string => {
  try {
    fromJson(type, json);
  } catch (err) {
    if (err instanceof ConversionError) return err.message;
    throw err;
  }
  throw new Error('converted without a problem');
};

describe('fromJson on the card request schema', () => {
  const value = fromJson(cardRequests, register) as Record<string, unknown>;

  it('gives a value avsc accepts, money as bigint minor units, time as epoch ms', () => {
    expect(cardRequests.isValid(value)).toBe(true);
    expect(value.sentAt).toBe(Date.UTC(2025, 0, 31, 9));
    const op = (value.operation as Record<string, { loyaltyCard: { wallets: Record<string, unknown>[] } }>)[
      'alcs.card.RegisterCard'
    ];
    expect(op?.loyaltyCard.wallets[0]).toEqual({
      id: 'w',
      balance: 1050n,
      stat: { lost: 0n, transferredOut: 100n, transferredIn: 225n, issued: null },
      version: 'abc',
    });
  });

  it('fills omitted optional fields with null (or their default)', () => {
    expect(value.responseLanguage).toBeNull();
    const op = (
      value.operation as Record<string, { identity: Record<string, unknown>; loyaltyCard: Record<string, unknown> }>
    )['alcs.card.RegisterCard'];
    expect(op?.identity).toEqual({
      posId: null,
      posNumber: '1',
      posOperatorId: null,
      posOperatorNumber: null,
      siteId: 'S',
    });
    expect(op?.loyaltyCard.phoneNumber).toBeNull();
  });

  it('takes the union branch by short or full name', () => {
    const full = { ...register, operation: { 'alcs.card.RegisterCard': register.operation.RegisterCard } };
    expect(fromJson(cardRequests, full)).toEqual(value);
  });

  it('round-trips through the wire bytes and back to the same JSON shape', () => {
    const back = cardRequests.fromBuffer(cardRequests.toBuffer(value));
    const json = toJson(cardRequests, back) as Record<string, unknown>;
    expect(json.sentAt).toBe('2025-01-31T09:00:00.000Z');
    expect(JSON.stringify(json)).toContain(
      '"balance":"10.50","stat":{"lost":"0.00","transferredOut":"1.00","transferredIn":"2.25","issued":null}',
    );
    expect(fromJson(cardRequests, json)).toEqual(value);
  });

  it('names the JSON path of each problem', () => {
    const at = (patch: (r: typeof register) => unknown): string =>
      problem(cardRequests, patch(structuredClone(register)));
    expect(at((r) => ({ ...r, source: undefined }))).toBe('$.source: required field is missing');
    expect(at((r) => ({ ...r, extra: 1 }))).toMatch(/^\$\.extra: unknown field; CardRequest has requestId, sentAt/);
    expect(at((r) => ({ ...r, sentAt: 'yesterday' }))).toMatch(
      /^\$\.sentAt: expected epoch milliseconds or an ISO-8601 time/,
    );
    expect(at((r) => ({ ...r, operation: { FreezeCard: {} } }))).toMatch(
      /^\$\.operation: matches no branch of the union; name one, e\.g\. \{"RegisterCard": …\} \(one of RegisterCard, ActivateCard, ChangePhoneNumber, LockCard\)/,
    );
    expect(
      at((r) => {
        r.operation.RegisterCard.loyaltyCard.wallets[0]!.balance = '1.005';
        return r;
      }),
    ).toBe(
      '$.operation.RegisterCard.loyaltyCard.wallets[0].balance: 1.005 has more than 2 digits after the decimal point',
    );
    expect(
      at((r) => {
        r.operation.RegisterCard.loyaltyCard.gender = 'X';
        return r;
      }),
    ).toBe('$.operation.RegisterCard.loyaltyCard.gender: expected one of M, F, U');
    expect(
      at((r) => {
        (r.operation.RegisterCard.identity as Record<string, unknown>).posOperatorNumber = 1.5;
        return r;
      }),
    ).toMatch(/posOperatorNumber: matches no branch/);
  });
});

describe('fromJson on other Avro types', () => {
  const t = parseSchema(
    JSON.stringify({
      type: 'record',
      name: 'T',
      namespace: 'x',
      fields: [
        { name: 'flag', type: 'boolean', default: true },
        { name: 'blob', type: 'bytes' },
        { name: 'tags', type: { type: 'map', values: 'long' } },
        { name: 'choice', type: ['null', 'string', 'long'] },
        { name: 'level', type: ['null', { type: 'enum', name: 'Level', symbols: ['LOW', 'HIGH'] }], default: null },
      ],
    }),
  );

  it('converts defaults, base64 bytes, maps, plain union values and named enums', () => {
    const v = fromJson(t, { blob: 'AAE=', tags: { a: '12', b: 3 }, choice: 5, level: { Level: 'HIGH' } });
    expect(v).toEqual({ flag: true, blob: Buffer.from([0, 1]), tags: { a: 12, b: 3 }, choice: 5, level: 'HIGH' });
    expect(t.isValid(v)).toBe(true);
    expect(toJson(t, v)).toEqual({ flag: true, blob: 'AAE=', tags: { a: 12, b: 3 }, choice: 5, level: 'HIGH' });
  });

  it('rejects bad base64 and a null where none is allowed', () => {
    expect(problem(t, { blob: '***', tags: {}, choice: null })).toBe('$.blob: expected base64 text');
    expect(problem(t, { blob: '', tags: null, choice: null })).toBe('$.tags: expected an object (map)');
  });
});
