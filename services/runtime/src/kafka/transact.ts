// One Kafka transaction: the messages, then the offsets past each partition's last offset
// for the group, then the commit; on any failure the transaction is aborted and the error
// thrown. The caller decides which producer, and with which membership the offsets are
// claimed (txn-offset-commit.ts).
import type { Producer } from 'kafkajs';
import { exponentialDelay, sleep } from '../backoff';
import { groupBy } from '../group-by';
import type { CommitTimes, OutMessage } from '../transport';
import { isConcurrentTransactions } from './errors';

/** Where a partition's group offset goes: past `lastOffset`. */
export interface OffsetPast {
  topic: string;
  partition: number;
  lastOffset: string;
}

/** One transaction: `out`, then the offsets; resolves how long sending `out` took. */
export async function transact(
  producer: Producer,
  groupId: string,
  out: OutMessage[],
  offsets: OffsetPast[],
): Promise<CommitTimes> {
  const tx = await producer.transaction();
  try {
    const byTopic = groupBy(out, (m) => m.topic);
    let produceMs = 0;
    if (byTopic.size > 0) {
      const sending = performance.now();
      await tx.sendBatch({
        topicMessages: [...byTopic].map(([t, ms]) => ({
          topic: t,
          messages: ms.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
        })),
      });
      produceMs = performance.now() - sending;
    }
    const request = {
      consumerGroupId: groupId,
      topics: [...groupBy(offsets, (o) => o.topic)].map(([topic, os]) => ({
        topic,
        partitions: os.map((o) => ({ partition: o.partition, offset: (BigInt(o.lastOffset) + 1n).toString() })),
      })),
    };
    // With nothing sent, AddOffsetsToTxn opens the transaction, and right after the last
    // commit the coordinator answers it CONCURRENT_TRANSACTIONS until that commit's markers
    // are written (a few ms). kafkajs retries that answer to AddPartitionsToTxn, not to
    // AddOffsetsToTxn: without this, an event consumer's back-to-back commits (the mail
    // worker's) failed now and then and took the unknown-outcome path, a new producer.
    for (let attempt = 0; ; attempt++) {
      try {
        await tx.sendOffsets(request);
        break;
      } catch (err) {
        if (byTopic.size > 0 || !isConcurrentTransactions(err) || attempt >= 20) throw err;
        await sleep(exponentialDelay(attempt, { baseMs: 5, capMs: 100 }));
      }
    }
    await tx.commit();
    return { produceMs };
  } catch (err) {
    await tx.abort().catch(() => undefined);
    throw err;
  }
}
