// The card schemas parse, and a request shaped like the domain types round-trips
// through them with money as bigint minor units (the runtime's decimal type).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import avro from 'avsc';
import { avroLogicalTypes } from '@workers/runtime';
import { validateRegister } from '../../src/operations/register-card';
import type { CardRequest, RegisterCard } from '../../src/domain/types';
import { CARD_OPERATIONS } from '../../src/domain/types';
import { T0, registerReq } from './fixtures';

type AvroSchema = Parameters<typeof avro.Type.forSchema>[0];
const load = (name: string, withDecimal = true) =>
  avro.Type.forSchema(
    JSON.parse(readFileSync(join(__dirname, '../../../../schemas', name), 'utf8')) as AvroSchema,
    withDecimal ? { logicalTypes: avroLogicalTypes } : {},
  );

describe('card schemas', () => {
  it('parse with plain avsc (decimal left as bytes) and with the runtime decimal', () => {
    for (const f of ['alcs.card.requests.avsc', 'alcs.card.replies.avsc']) {
      expect(load(f, false).name).toMatch(/^alcs\.card\./);
      expect(load(f).name).toMatch(/^alcs\.card\./);
    }
  });

  it('the request union holds exactly the four operations', () => {
    const t = load('alcs.card.requests.avsc') as avro.types.RecordType;
    const op = t.field('operation')?.type as avro.types.UnwrappedUnionType;
    expect(op.types.map((x) => x.name)).toEqual(CARD_OPERATIONS.map((n) => `alcs.card.${n}`));
  });

  it('round-trips a RegisterCard with bigint money', () => {
    const t = load('alcs.card.requests.avsc');
    const req: CardRequest = {
      requestId: 'r-1',
      sentAt: T0,
      source: 'ALCS',
      responseLanguage: { clientLanguage: 'pl_PL', cashierLanguage: 'en_US' },
      operation: { 'alcs.card.RegisterCard': registerReq() },
    };
    const back = t.fromBuffer(t.toBuffer(req)) as CardRequest;
    expect(back).toEqual(req);
    const payload = (back.operation as { 'alcs.card.RegisterCard': RegisterCard })['alcs.card.RegisterCard'];
    expect(payload.loyaltyCard.wallets[0]?.balance).toBe(1000n);
    expect(validateRegister(payload)).toEqual([]);
  });

  it('round-trips a LockCard without a response language', () => {
    const t = load('alcs.card.requests.avsc');
    const req: CardRequest = {
      requestId: 'r-2',
      sentAt: T0,
      source: 'ALCS',
      responseLanguage: null,
      operation: { 'alcs.card.LockCard': { cardNumber: '1' } },
    };
    expect(t.fromBuffer(t.toBuffer(req))).toEqual(req);
  });

  it('encodes a reply', () => {
    const t = load('alcs.card.replies.avsc');
    const reply = {
      requestId: 'r-1',
      operation: 'RegisterCard',
      status: 200,
      messageCode: 'Success',
      message: 'ok',
      cashierMessage: null,
      cardNumber: '99419283746389',
      customerId: 'df90170f3eb44124a22fa12031d25ecb',
      details: [{ field: 'a', reason: 'b' }],
      processedAt: T0,
    };
    expect(t.fromBuffer(t.toBuffer(reply))).toEqual(reply);
  });
});
