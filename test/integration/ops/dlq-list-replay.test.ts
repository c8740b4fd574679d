// Guarantee: `ops dlq list` shows each dead letter with its key, error, origin and size, and `ops dlq replay` sends the chosen entry back to its origin topic and partition (same key and bytes, dlq-* headers replaced by dlq-replayed-from) where the card worker processes it; --dry-run sends nothing.
// The replayable entry is written straight to the .dlq as an earlier worker version would have dead-lettered a valid request (e.g. while its schema id was not yet registered); the second entry is real: garbage without a correlation-id that the running worker dead-letters.
import { DLQ_HEADERS } from '@workers/runtime';
import { CardScenario, newCardNumber, register, request } from '../../support/card-fixture';
import { jsonLines, runCli } from '../../support/cli-process';
import { Collector, RequestProducer, registry } from '../../support/kafka-client';

let s: CardScenario;
beforeAll(async () => {
  s = await CardScenario.open('ops-dlq', 2);
  await s.startWorker();
});
afterAll(async () => s.close());

type Entry = {
  partition: number;
  offset: number;
  key: string;
  error: string;
  origin: { topic: string; partition: number; offset: number };
  size: number;
  headers: Record<string, string>;
};

test('list shows both entries; replay brings the valid one back and it is processed once', async () => {
  const card = newCardNumber();
  const schemaId = await registry().getLatestSchemaId(`${s.topics.requests}-value`);
  const value = await registry().encode(schemaId, request(register('dlq-1', card)));
  const dlq = await RequestProducer.open(s.topics.dlq, schemaId);
  await dlq.sendRaw(card, value, {
    'trace-id': 'trace-7',
    [DLQ_HEADERS.error]: 'cannot decode: Schema 9999 not found',
    [DLQ_HEADERS.originTopic]: s.topics.requests,
    [DLQ_HEADERS.originPartition]: '1',
    [DLQ_HEADERS.originOffset]: '42',
    [DLQ_HEADERS.failedAt]: '2025-01-31T09:00:00.000Z',
  });
  await dlq.close();
  await s.producer.sendRaw('k-garbage', Buffer.from('garbage'));
  const entries = await Collector.open(s.topics.dlq, { decode: false });
  await entries.waitForCount(2).finally(() => entries.close());

  const list = await runCli(['dlq', 'list', s.topics.requests]);
  expect(list.code).toBe(0);
  const listed = jsonLines<Entry>(list.stdout);
  expect(listed).toHaveLength(2);
  const valid = listed.find((e) => e.key === card)!;
  expect(valid).toMatchObject({
    error: 'cannot decode: Schema 9999 not found',
    origin: { topic: s.topics.requests, partition: 1, offset: 42 },
    size: value.length,
    headers: { 'trace-id': 'trace-7' },
  });
  expect(listed.find((e) => e.key === 'k-garbage')).toMatchObject({
    error: expect.stringMatching(/wire format/),
    origin: { topic: s.topics.requests },
    size: 7,
  });

  const at = `${valid.partition}:${valid.offset}`;
  const dry = await runCli(['dlq', 'replay', s.topics.dlq, '--offset', at, '--dry-run']);
  expect(dry.code).toBe(0);
  expect(jsonLines(dry.stdout)).toEqual([
    { wouldReplay: `${s.topics.dlq}:${at}`, to: s.topics.requests, partition: 1, key: card },
  ]);

  const origin = await Collector.open<Buffer>(s.topics.requests, { decode: false });
  try {
    const replay = await runCli(['dlq', 'replay', s.topics.requests, '--offset', at]);
    expect(replay.code).toBe(0);
    expect(jsonLines(replay.stdout)).toEqual([
      expect.objectContaining({ replayed: `${s.topics.dlq}:${at}`, to: s.topics.requests, partition: 1, key: card }),
    ]);
    expect(await s.reply('dlq-1')).toMatchObject({ messageCode: 'Success', cardNumber: card });

    const [back] = (await origin.waitFor((all) => all.some((m) => m.key === card))).filter((m) => m.key === card);
    expect(back?.partition).toBe(1);
    expect(back?.value.equals(value)).toBe(true);
    expect(back?.headers).toEqual({ 'trace-id': 'trace-7', 'dlq-replayed-from': `${s.topics.dlq}:${at}` });
  } finally {
    await origin.close();
  }
  // The dry run sent nothing: the request was answered once.
  await new Promise((r) => setTimeout(r, 1000));
  expect(s.repliesFor('dlq-1')).toHaveLength(1);
  const after = await runCli(['dlq', 'list', s.topics.requests]);
  expect(jsonLines(after.stdout)).toHaveLength(2);
});
