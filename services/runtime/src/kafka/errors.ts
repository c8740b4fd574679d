// What a kafkajs error means to the runtime, read from the error's own properties
// (kafkajs's protocol `type` and `retriable`), walking the wrappers kafkajs puts
// around a cause (KafkaJSNumberOfRetriesExceeded, KafkaJSNonRetriableError).

/** Answers of a broker to a producer whose transactional id was taken over by a newer one. */
const FENCED = new Set([
  'INVALID_PRODUCER_EPOCH',
  'PRODUCER_FENCED',
  'INVALID_PRODUCER_ID_MAPPING',
  'INVALID_TXN_STATE',
]);
const FENCED_CODES = new Set([47, 48, 49, 90]);
/** Answers meaning "this member must rejoin the group". */
const REBALANCE = new Set([
  'REBALANCE_IN_PROGRESS',
  'NOT_COORDINATOR_FOR_GROUP',
  'NOT_COORDINATOR',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
]);

/** A group coordinator's refusals of offsets claimed for a membership that is out of date. */
const GROUP_FENCED = new Set([
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'FENCED_INSTANCE_ID',
  'REBALANCE_IN_PROGRESS',
]);

interface KafkaLike {
  type?: unknown;
  code?: unknown;
  cause?: unknown;
  originalError?: unknown;
}

function chain(err: unknown): KafkaLike[] {
  const out: KafkaLike[] = [];
  for (let e: unknown = err; e && typeof e === 'object' && out.length < 8; ) {
    const k = e as KafkaLike;
    out.push(k);
    e = k.cause ?? k.originalError;
  }
  return out;
}

/** This producer was fenced: another process now owns its partition. */
export function isFenced(err: unknown): boolean {
  return chain(err).some((e) => FENCED.has(String(e.type)) || (typeof e.code === 'number' && FENCED_CODES.has(e.code)));
}

/** The consumer group is rebalancing or forgot this member. */
export function isRebalance(err: unknown): boolean {
  return chain(err).some((e) => REBALANCE.has(String(e.type)));
}

/** The transaction coordinator is still completing this producer's last transaction (its markers). */
export function isConcurrentTransactions(err: unknown): boolean {
  return chain(err).some((e) => e.type === 'CONCURRENT_TRANSACTIONS' || e.code === 51);
}

/** The group refused offsets claimed for this process's membership: it is no longer the member it was. */
export function isGroupFenced(err: unknown): boolean {
  return chain(err).some((e) => GROUP_FENCED.has(String(e.type)));
}
