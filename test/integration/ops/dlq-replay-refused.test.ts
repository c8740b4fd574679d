// Guarantee: `ops dlq replay` sends an entry back only to the topic its .dlq collects: a forged entry whose dlq-origin-topic names the reply topic is refused with the reason, counted in the summary (exit 1), and the reply topic's end offsets do not move; a genuine entry beside it is still replayed to its request topic.
import { DLQ_HEADERS } from '@workers/runtime';
import { jsonLines, runCli } from '../../support/cli-process';
import { Collector, kafkaClient, RequestProducer, requestReplyTopics } from '../../support/kafka-client';

async function endOffsets(topic: string): Promise<string[]> {
  const admin = kafkaClient().admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).sort((a, b) => a.partition - b.partition).map((p) => p.high);
  } finally {
    await admin.disconnect();
  }
}

test('a dead letter aimed at the reply topic is refused; the reply topic is not written', async () => {
  const t = await requestReplyTopics('alcs.card.dlq-aimed', 'alcs.card.requests', 'alcs.card.replies', 2);
  const dlq = await RequestProducer.open(t.dlq, t.requestSchemaId);
  const origin = (topic: string) => ({
    [DLQ_HEADERS.error]: 'cannot decode',
    [DLQ_HEADERS.originTopic]: topic,
    [DLQ_HEADERS.originPartition]: '0',
    [DLQ_HEADERS.originOffset]: '7',
  });
  await dlq.sendRaw('forged', Buffer.from('not a request'), origin(t.replies));
  await dlq.sendRaw('genuine', Buffer.from('a request'), origin(t.requests));
  await dlq.close();
  const entries = await Collector.open(t.dlq, { decode: false });
  await entries.waitForCount(2).finally(() => entries.close());
  const before = await endOffsets(t.replies);

  const replay = await runCli(['dlq', 'replay', t.requests, '--all']);

  expect(replay.code).toBe(1);
  const lines = jsonLines<Record<string, unknown>>(replay.stdout);
  expect(lines).toEqual(
    expect.arrayContaining([
      {
        refused: expect.stringMatching(new RegExp(`^${t.dlq}:\\d+:\\d+$`)),
        to: t.replies,
        reason: `its origin ${t.replies} is not ${t.requests}, the only topic whose dead letters ${t.dlq} holds`,
      },
      expect.objectContaining({ to: t.requests, key: 'genuine', partition: 0 }),
    ]),
  );
  expect(lines).toHaveLength(2);
  expect(replay.stderr).toContain('ops: 1 entry replayed, 1 entry refused');
  expect(await endOffsets(t.replies)).toEqual(before);
  expect(before.every((o) => o === '0')).toBe(true);
});
