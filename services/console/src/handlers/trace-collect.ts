// Everything known about one request, gathered for the trace page: its deliveries
// (re-sends and replays included), its reply, its dead letters, the processed-request
// record, the events it produced and, for an approval, the mails that followed; and
// the verdict when no reply is in sight. Values are decoded and masked here.
import { mailStatus, type MailStatusRow } from '@workers/ops';
import type { ConsoleDeps } from '../deps';
import { maskPersonal } from '../domain/mask';
import { verdict, type Verdict } from '../domain/verdict';
import type { Indexed } from '../kafka/topic-index';
import { processedRecords, type ProcessedView } from '../store/processed';
import { WORKER_NAMES } from '../workers';

export type Role = 'request' | 'reply' | 'dead letter' | 'event';

export interface MessageView extends Pick<Indexed, 'topic' | 'partition' | 'offset' | 'timestamp' | 'key' | 'headers'> {
  role: Role;
  /** Decoded, personal data masked; null when it does not decode (`error` says why). */
  value: unknown;
  error?: string;
}

export interface TraceItem {
  requestId: string | null;
  operation: string | null;
  verdict: Verdict;
  messages: MessageView[];
  processed: ProcessedView | null;
  mails: { contactId: string; rows: MailStatusRow[] }[];
  /** Events were matched by key and time (no processed-request record to name them). */
  eventsMatchedByTime: boolean;
}

const ROLE = { requests: 'request', replies: 'reply', dlq: 'dead letter', events: 'event' } as const;
const idOf = (e: Indexed): string | null => e.valueId ?? e.headers['correlation-id'] ?? null;

async function view(d: ConsoleDeps, e: Indexed): Promise<MessageView> {
  const decoded = await d.index.decode(e);
  const role = ROLE[d.topology.role(e.topic) ?? 'requests'];
  const base = {
    role,
    topic: e.topic,
    partition: e.partition,
    offset: e.offset,
    timestamp: e.timestamp,
    key: e.key,
    headers: e.headers,
  };
  return 'value' in decoded
    ? { ...base, value: maskPersonal(decoded.value) }
    : { ...base, value: null, error: decoded.error };
}

function operationOf(messages: MessageView[]): string | null {
  for (const m of messages) {
    const op = (m.value as { operation?: unknown } | null)?.operation;
    if (m.role === 'request' && op && typeof op === 'object') return (Object.keys(op)[0] ?? '').replace(/^.*\./, '');
    if (m.role === 'reply' && m.headers.operation) return m.headers.operation;
  }
  return null;
}

async function committedOffset(
  d: ConsoleDeps,
  last: Indexed | undefined,
): Promise<{ groupId: string; committed: number } | null> {
  const worker = last && WORKER_NAMES.find((w) => d.topology.consumedBy(w).includes(last.topic));
  if (!last || !worker) return null;
  const groupId = `${d.config.CONSOLE_GROUP_PREFIX}${worker}`;
  return { groupId, committed: await d.offsets.committed(groupId, last.topic, last.partition) };
}

/** One request by its requestId (or correlation id). */
export async function traceRequest(d: ConsoleDeps, requestId: string): Promise<TraceItem> {
  const mine = d.index
    .lookup(requestId)
    .filter((e) => idOf(e) === requestId || e.headers['correlation-id'] === requestId);
  const of = (role: string): Indexed[] => mine.filter((e) => d.topology.role(e.topic) === role);
  const [requests, replies, deadLetters] = [of('requests'), of('replies'), of('dlq')];
  const records = await processedRecords(d.db, d.topology.requestTopics, requestId);
  const processed = records.find((r) => requests.some((q) => q.topic === r.topic)) ?? records[0] ?? null;
  const eventIds = (processed?.events ?? []).map((e) => String(e.value.eventId ?? ''));
  const events = processed
    ? eventIds.flatMap((id) =>
        d.index.lookup(id).filter((e) => d.topology.role(e.topic) === 'events' && e.headers['event-id'] === id),
      )
    : eventsNear(d, replies[0]);
  const group = replies.length === 0 ? await committedOffset(d, requests.at(-1)) : null;
  const v = verdict({
    requests,
    replies,
    deadLetters,
    group,
    processed: processed && { processedAt: processed.processedAt, replyTopic: processed.replyTopic },
    searched: d.topology.requestTopics,
    indexSince: d.index.status().forgottenBefore,
  });
  const messages = (
    await Promise.all([...requests, ...deadLetters, ...replies, ...events].map((e) => view(d, e)))
  ).sort((a, b) => a.timestamp - b.timestamp);
  const contacts = [
    ...new Set(
      [...events.map((e) => e.key), ...(processed?.events ?? []).map((e) => e.key)].filter((k): k is string => !!k),
    ),
  ];
  const mails = await Promise.all(
    contacts.map(async (contactId) => ({ contactId, rows: await mailStatus(d.db, { contactId }) })),
  );
  return {
    requestId,
    operation: operationOf(messages),
    verdict: v,
    messages,
    processed,
    mails,
    eventsMatchedByTime: !processed && events.length > 0,
  };
}

/**
 * Without the processed-request record (expired, or written before its `<topic>|<requestId>`
 * key), the events a request produced are found from the topics: they carry the request's
 * key and were produced in the reply's transaction, so each event of that key belongs to
 * the reply nearest in time (within EVENT_WINDOW_MS).
 */
const EVENT_WINDOW_MS = 2000;
function eventsNear(d: ConsoleDeps, reply: Indexed | undefined): Indexed[] {
  if (!reply?.key) return [];
  const sameKey = d.index.sameKey(reply.id);
  const replies = sameKey.filter((e) => d.topology.role(e.topic) === 'replies');
  const nearest = (t: number): Indexed | undefined =>
    replies.reduce<Indexed | undefined>(
      (best, r) => (!best || Math.abs(r.timestamp - t) < Math.abs(best.timestamp - t) ? r : best),
      undefined,
    );
  return sameKey.filter(
    (e) =>
      d.topology.role(e.topic) === 'events' &&
      Math.abs(e.timestamp - reply.timestamp) <= EVENT_WINDOW_MS &&
      nearest(e.timestamp)?.id === reply.id,
  );
}

/** A dead letter without any id (bytes that never decoded), with the request delivery it came from. */
async function traceDeadLetter(d: ConsoleDeps, dead: Indexed): Promise<TraceItem> {
  const h = dead.headers;
  const origin = d.index.get(`${h['dlq-origin-topic']}:${h['dlq-origin-partition']}:${h['dlq-origin-offset']}`);
  const messages = await Promise.all([...(origin ? [origin] : []), dead].map((e) => view(d, e)));
  const v = verdict({
    requests: origin ? [origin] : [],
    replies: [],
    deadLetters: [dead],
    processed: null,
    group: null,
    searched: [],
    indexSince: null,
  });
  return {
    requestId: null,
    operation: null,
    verdict: v,
    messages,
    processed: null,
    mails: [],
    eventsMatchedByTime: false,
  };
}

/**
 * What `q` names: a requestId or correlation id (one item), or an entity id used as
 * the message key — contactId, cardNumber, accountId (one item per request about it),
 * or a message (`<topic>:<partition>:<offset>`, how the pages link by a key they show
 * masked), meaning its key. Nothing found gives one item whose verdict says where the
 * console looked.
 */
export async function collectTrace(d: ConsoleDeps, q: string): Promise<TraceItem[]> {
  const hits = d.index.get(q) ? d.index.sameKey(q) : d.index.lookup(q);
  const ids = new Set<string>();
  const anonymous: Indexed[] = [];
  for (const e of hits) {
    const role = d.topology.role(e.topic);
    if (role !== 'requests' && role !== 'replies' && role !== 'dlq') continue;
    const id = idOf(e);
    if (id) ids.add(id);
    else if (role === 'dlq') anonymous.push(e);
  }
  if (ids.size === 0 && anonymous.length === 0) ids.add(q);
  const items = await Promise.all([
    ...[...ids].map((id) => traceRequest(d, id)),
    ...anonymous.map((e) => traceDeadLetter(d, e)),
  ]);
  const first = (i: TraceItem): number => i.messages[0]?.timestamp ?? Number.MAX_SAFE_INTEGER;
  return items.sort((a, b) => first(a) - first(b));
}
