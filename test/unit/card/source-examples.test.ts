// Every example of the Polish source document (test/fixtures/alcs-source) encodes with
// schemas/alcs.card.requests.avsc, decodes to the request the worker reads, and is
// answered as the document says when its story is played through the pure card rules
// (validate → decide), in file order, on one card.
import avro from 'avsc';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { avroLogicalTypes } from '@workers/runtime';
import {
  cardRequestType,
  operationOf,
  sourceExamples,
  sourceRequest,
  type SourceExample,
} from '../../support/alcs-source';
import type { Decision } from '@workers/runtime';
import { CARD_MESSAGES, type CardCode } from '../../../services/card-worker/src/domain/codes';
import type {
  CardOperationName,
  CardPayloads,
  CardRecord,
  CardRequest,
} from '../../../services/card-worker/src/domain/types';
import { cardOperations } from '../../../services/card-worker/src/routes';
import {
  activate as decideActivate,
  changePhone as decideChangePhone,
  lock as decideLock,
  onFile,
  phones,
  register as decideRegister,
} from '../../../services/card-worker/test/domain/fixtures';

const operations = cardOperations(phones);
/** The validation the routing table runs for `operation`. */
const validateOperation = (operation: CardOperationName, payload: unknown) =>
  operations[operation].validate?.(payload as never) ?? [];

type AvroSchema = Parameters<typeof avro.Type.forSchema>[0];
const workerType = avro.Type.forSchema(
  JSON.parse(readFileSync(join(__dirname, '../../../schemas/alcs.card.requests.avsc'), 'utf8')) as AvroSchema,
  { logicalTypes: avroLogicalTypes },
);
const examples = sourceExamples();
const T0 = Date.UTC(2016, 7, 3);

/** What the worker reads from the example's bytes. */
function decoded(
  ex: SourceExample,
  requestId: string,
): { request: CardRequest; operation: CardOperationName; payload: CardPayloads[CardOperationName] } {
  const bytes = cardRequestType().toBuffer(sourceRequest(ex, requestId));
  const request = workerType.fromBuffer(bytes) as CardRequest;
  const [branch, payload] = Object.entries(request.operation)[0]!;
  return {
    request,
    operation: branch.replace('alcs.card.', '') as CardOperationName,
    payload: payload as CardPayloads[CardOperationName],
  };
}

function decide(
  op: CardOperationName,
  payload: CardPayloads[CardOperationName],
  current: CardRecord | null,
  now: number,
): Decision<CardRecord> {
  switch (op) {
    case 'RegisterCard':
      return decideRegister(current, payload as CardPayloads['RegisterCard'], now, 'df90170f3eb44124a22fa12031d25ecb');
    case 'ActivateCard':
      return decideActivate(current, (payload as CardPayloads['ActivateCard']).phoneNumber, now);
    case 'ChangePhoneNumber':
      return decideChangePhone(current, (payload as CardPayloads['ChangePhoneNumber']).phoneNumber, now);
    case 'LockCard':
      return decideLock(current, now);
  }
}

it('covers every operation of the source, with a request body wherever the source has one', () => {
  expect(new Set(examples.map((ex) => operationOf(ex).operation))).toEqual(
    new Set(['RegisterCard', 'ActivateCard', 'ChangePhoneNumber', 'LockCard']),
  );
  for (const ex of examples) expect(ex.body === null).toBe(operationOf(ex).operation === 'LockCard');
});

it.each(examples.map((ex) => [ex.file, ex] as const))(
  '%s encodes and decodes with every value of the source',
  (_file, ex) => {
    const { request, payload } = decoded(ex, `src-${ex.file}`);
    expect(request.source).toBe('ALCS');
    expect(payload.cardNumber).toBe(operationOf(ex).cardNumber);
    if (operationOf(ex).operation === 'RegisterCard') {
      const reg = payload as CardPayloads['RegisterCard'];
      expect(request.responseLanguage).toEqual({ clientLanguage: 'pl_PL', cashierLanguage: 'en_US' });
      expect(reg.loyaltyCard.cardNumber).toBe('99419283746389');
      expect(reg.loyaltyCard.wallets.map((w) => [w.id, w.version, w.balance, w.stat])).toEqual([
        ['Strickers2016', 'abc', 1000n, { lost: 22n, transferredOut: 13200n, transferredIn: 912n, issued: 19922n }],
        ['SomethingElse', 'xyz', 0n, { lost: 0n, transferredOut: 0n, transferredIn: null, issued: null }],
      ]);
      expect(reg.identity).toEqual({
        posId: '09fae9a5d4ea40e79dd7c1096c3694e0',
        posNumber: '5',
        posOperatorId: 'b614f1dbda36454b970b4e1d409f4b01',
        posOperatorNumber: 23,
        siteId: '2345',
      });
    }
  },
);

it('played in order on one card, every example is answered as the document says', () => {
  const cards = new Map<string, CardRecord>();
  const answers = examples.map((ex, i) => {
    const { request, operation, payload } = decoded(ex, `story-${i}`);
    const details = validateOperation(operation, payload);
    let code: CardCode;
    if (details.length > 0) code = 'ValidationFailed';
    else {
      const d = decide(operation, payload, cards.get(payload.cardNumber) ?? null, T0 + i);
      if (d.write !== undefined) cards.set(d.write.cardNumber, d.write);
      code = d.outcome.code as CardCode;
    }
    const status = operations[operation].codes[code];
    return {
      file: ex.file,
      status,
      messageCode: code,
      details,
      message: CARD_MESSAGES.message(code, request.responseLanguage?.clientLanguage),
    };
  });
  expect(answers).toEqual(
    examples.map((ex) => ({
      file: ex.file,
      status: ex.expect.status,
      messageCode: ex.expect.messageCode,
      details: [],
      message: ex.expect.message ?? expect.any(String),
    })),
  );
  expect(cards.get('99419283746389')).toMatchObject({
    customer: { active: true, ...onFile('+48123456789'), gender: 'M' },
    card: { state: 'LOCKED' },
  });
});

it("a LoyaltyCard.CardNumber other than the path's is ValidationFailed naming loyaltyCard.cardNumber", () => {
  const ex = examples[0]!;
  const body = structuredClone(ex.body) as { LoyaltyCard: { CardNumber: string } };
  body.LoyaltyCard.CardNumber = '99419283746380';
  const { operation, payload } = decoded({ ...ex, body }, 'mismatch');
  expect(validateOperation(operation, payload)).toEqual([
    { field: 'loyaltyCard.cardNumber', reason: "must equal the request's cardNumber" },
  ]);
});
