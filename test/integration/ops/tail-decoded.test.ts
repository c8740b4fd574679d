// Guarantee: `ops tail` prints each message as one JSON line with its value decoded from Avro (decimals as exact strings, timestamps as ISO time), filters by --request-id (value or correlation-id header) and --key, stops at --max, and prints an undecodable value with an error and its bytes in base64 instead of stopping.
import { CardScenario, newCardNumber, register } from '../../support/card-fixture';
import { jsonLines, runCli } from '../../support/cli-process';

let s: CardScenario;
beforeAll(async () => {
  s = await CardScenario.open('ops-tail', 2);
  await s.startWorker();
});
afterAll(async () => s.close());

type Line = {
  topic: string;
  offset: number;
  key: string | null;
  headers: Record<string, string>;
  value: Record<string, unknown> | null;
  error?: string;
  valueBase64?: string;
};

test('decoded replies and requests, filtered; garbage shown, not fatal', async () => {
  const card = newCardNumber();
  const garbage = Buffer.from('not avro at all');
  await s.producer.sendRaw('k-bad', garbage, { 'correlation-id': 'tail-bad' });
  await s.send(register('tail-1', card));
  await s.reply('tail-1');

  const replies = await runCli([
    'tail',
    s.topics.replies,
    '--from-beginning',
    '--request-id',
    'tail-1',
    '--max',
    '1',
    '--timeout',
    '30000',
  ]);
  expect(replies.code).toBe(0);
  const [reply, ...more] = jsonLines<Line>(replies.stdout);
  expect(more).toEqual([]);
  expect(reply).toMatchObject({
    topic: s.topics.replies,
    key: card,
    headers: { 'correlation-id': 'tail-1' },
    value: { requestId: 'tail-1', messageCode: 'Success' },
  });
  expect(reply?.value?.processedAt).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);

  const requests = await runCli([
    'tail',
    s.topics.requests,
    '--from-beginning',
    '--key',
    card,
    '--max',
    '1',
    '--timeout',
    '30000',
  ]);
  expect(requests.code).toBe(0);
  const [request] = jsonLines<Line>(requests.stdout);
  const operation = request?.value?.operation as
    | Record<string, { loyaltyCard: { wallets: Record<string, unknown>[] } }>
    | undefined;
  const op = operation?.['alcs.card.RegisterCard'];
  expect(op?.loyaltyCard.wallets[0]).toMatchObject({
    balance: '123.45',
    stat: { lost: '0.00', transferredOut: '1.00', transferredIn: null, issued: '124.45' },
  });

  const bad = await runCli([
    'tail',
    s.topics.requests,
    '--from-beginning',
    '--request-id',
    'tail-bad',
    '--max',
    '1',
    '--timeout',
    '30000',
  ]);
  expect(bad.code).toBe(0);
  expect(jsonLines<Line>(bad.stdout)).toEqual([
    expect.objectContaining({
      key: 'k-bad',
      value: null,
      error: expect.stringMatching(/wire format/),
      valueBase64: garbage.toString('base64'),
    }),
  ]);
});
