// A transactional producer as the runtime's commit paths make one (partition-producers.ts,
// poll-commits.ts), connected and with its transactional id initialised: that first step
// bumps the id's epoch at the broker and settles any transaction an earlier holder of the
// id left open (aborted, or completed if it was already committing).
import '../produce-fix';
import type { Kafka, Producer } from 'kafkajs';
import { Partitioners } from 'kafkajs';

export async function initialisedProducer(kafka: Kafka, transactionalId: string, timeoutMs: number): Promise<Producer> {
  const producer = kafka.producer({
    transactionalId,
    idempotent: true,
    maxInFlightRequests: 1,
    // murmur2 on the key, as Java clients partition: a reply lands where they expect it.
    createPartitioner: Partitioners.DefaultPartitioner,
    transactionTimeout: timeoutMs,
    // Right after a commit the broker answers the next transaction's first request with
    // CONCURRENT_TRANSACTIONS until its markers are written (a few ms): retry fast, as the
    // Java client does; connection failures still back off to maxRetryTime.
    retry: { retries: 12, initialRetryTime: 3, maxRetryTime: 5_000 },
  });
  await producer.connect();
  try {
    await (await producer.transaction()).abort();
    return producer;
  } catch (err) {
    await producer.disconnect().catch(() => undefined);
    throw err;
  }
}
