// The delivery guarantees as the contract states them (docs/rules.md#one-question-one-answer,
// SPEC §2), with the figures read from where the code keeps them.
import { RETENTION_DAYS } from '@workers/contracts';
import { MAX_ID_LENGTH } from '@workers/runtime';

/** What `correlation-id` and `requestId` may hold (services/runtime/src/engine/bounds.ts). */
export const ID_PATTERN = '^[A-Za-z0-9._:@/+=~-]+$';
export const ID_MAX_LENGTH = MAX_ID_LENGTH;

export const GUARANTEES = `CRM and ALCS send Avro requests to Kafka; the workers apply them to MongoDB and answer
**every request with exactly one reply** on the route's reply topic.

## Wire format
- Values: the Confluent wire format (magic byte 0, 4-byte schema id, Avro body), schemas from a
  Confluent-compatible schema registry under the subject \`<topic>-value\`. The \`.avsc\` files of
  the repository's \`schemas/\` are the single source of truth, referenced below. Keys: UTF-8 strings.
- Request headers: \`correlation-id\` (the requestId; at most ${ID_MAX_LENGTH} characters of
  \`A-Z a-z 0-9 . _ : @ / + = ~ -\`), optionally \`reply-topic\`. Replies copy \`correlation-id\` and add
  \`operation\` and \`message-code\`. A reply is keyed like its request.

## Guarantees
- **One question, one answer.** Every request that can be decoded gets exactly one reply, including a
  rejection. A request that cannot be decoded but carries a valid \`correlation-id\` gets
  \`MalformedRequest\` (400); one that names no requester goes, bytes unchanged, to \`<topic>.dlq\`
  with \`dlq-*\` headers saying what was wrong and where it came from.
- **Ordering by key.** Requests with the same key are applied in the order of their partition;
  different keys may run in parallel. Send the requests of one entity with one producer, keyed as each
  operation says, and wait for a reply before sending a request that depends on it.
- **Idempotent re-send.** Re-sending a request with the same requestId and the same content is never
  applied twice and gets the same reply again (replies of processed requests are kept at least 7 days;
  reply topics keep them ${RETENTION_DAYS.replies} days). After a timeout, re-send with the **same requestId**: that is
  how to retry safely.
- **DuplicateRequestId.** The same requestId with different content is answered \`DuplicateRequestId\`
  (409) and not applied. Use a new requestId for a new question.
- **Exactly-once replies.** Replies and events are produced, and request offsets committed, in one Kafka
  transaction: read reply topics with \`isolation.level=read_committed\`.
- **No error replies for outages.** A database, registry or broker outage is retried with backoff; it
  never turns into an error reply. An unexpected failure answers the operation's error code (500).
- **Bounded input.** A \`reply-topic\` header may only name a reply topic configured for the route (any
  other is answered \`MalformedRequest\`); the writer schema must be a version of \`<topic>-value\`.`;
