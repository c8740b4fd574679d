// The contract page: docs/asyncapi.yaml as an operator or an upstream team reads it — the
// guarantees, every topic with its key and headers, every operation as a request/reply pair
// with the codes it can answer, the events and the dead-letter topics — and a link to the
// file itself. Text from the document is escaped (`html`, contract-text.ts).
import type {
  ContractChannel,
  ContractCode,
  ContractHeader,
  ContractMessage,
  ContractOperation,
  ContractPage,
} from '../domain/contract';
import { inline, textView } from './contract-text';
import { html, type Html } from './html';

export const CONTRACT_FILE_PATH = '/contract/asyncapi.yaml';

const ANSWERED_BY: Readonly<Record<string, string>> = {
  decision: 'the operation',
  runtime: 'the runtime',
  failure: 'an unexpected failure',
};

const distinct = <T>(items: readonly T[], key: (t: T) => string): T[] => [
  ...new Map(items.map((i) => [key(i), i])).values(),
];

function headers(list: readonly ContractHeader[]): Html {
  if (list.length === 0) return html`<span class="muted">none</span>`;
  return html`<ul class="headers">${list.map(
    (h) =>
      html`<li><code>${h.name}</code>${h.required ? '' : html` <span class="muted">optional</span>`}${
        h.description ? html`: ${inline(h.description)}` : ''
      }${h.values ? html` <span class="muted">(${h.values})</span>` : ''}</li>`,
  )}</ul>`;
}

const keyOf = (m: ContractMessage): Html => (m.key ? html`<code>${m.key}</code>` : html`<span class="muted">—</span>`);
const schemaOf = (m: ContractMessage): Html =>
  m.schema ? html`<code>${m.schema}</code>` : html`<span class="muted">inline</span>`;
const days = (ms: number | null): string => (ms === null ? '—' : `${Math.round(ms / 86_400_000)} days`);

/** A topic's headers by name: what each may hold depends on the message (the operations say). */
function headerNames(c: ContractChannel): Html {
  const all = distinct(
    c.messages.flatMap((m) => m.headers),
    (h) => h.name,
  );
  if (all.length === 0) return html`<span class="muted">none</span>`;
  return html`${all.map((h, i) => html`${i ? ', ' : ''}<code>${h.name}</code>${h.required ? '' : html` <span class="muted">(optional)</span>`}`)}`;
}

function channelRow(c: ContractChannel): Html {
  const keys = distinct(
    c.messages.filter((m) => m.key),
    (m) => m.key ?? '',
  );
  return html`<tr data-topic="${c.topic}"><td><code>${c.topic}</code></td><td>${c.messages.map((m) => m.name).join(', ')}</td>
<td>${keys.length ? keys.map((m, i) => html`${i ? ', ' : ''}${keyOf(m)}`) : html`<span class="muted">—</span>`}</td>
<td>${headerNames(c)}</td><td>${c.partitions ?? '—'}</td><td>${days(c.retentionMs)}</td><td>${textView(c.description)}</td></tr>`;
}

function channels(p: ContractPage): Html {
  return html`<table class="channels"><thead><tr><th>topic</th><th>messages</th><th>key</th><th>headers</th><th>partitions</th><th>retention</th><th>about</th></tr></thead>
<tbody>${p.channels.map(channelRow)}</tbody></table>`;
}

function codes(list: readonly ContractCode[]): Html {
  const locales = [...new Set(list.flatMap((c) => c.messages.map((m) => m.locale)))];
  const retriable = list.some((c) => c.retriable !== null);
  return html`<table class="codes"><thead><tr><th>code</th><th>status</th>${retriable ? html`<th>retriable</th>` : ''}<th>answered by</th>${locales.map((l) => html`<th>${l}</th>`)}</tr></thead><tbody>
${list.map(
  (c) =>
    html`<tr data-code="${c.code}"><td><code>${c.code}</code></td><td>${c.status}</td>${
      retriable ? html`<td>${c.retriable === null ? '—' : c.retriable ? 'yes' : 'no'}</td>` : ''
    }<td>${c.answeredBy ? (ANSWERED_BY[c.answeredBy] ?? c.answeredBy) : '—'}</td>${locales.map(
      (l) => html`<td>${c.messages.find((m) => m.locale === l)?.text ?? '—'}</td>`,
    )}</tr>`,
)}</tbody></table>`;
}

function operation(o: ContractOperation): Html {
  const row = (label: string, req: Html | string, rep: Html | string): Html =>
    html`<tr><th>${label}</th><td>${req}</td><td>${rep}</td></tr>`;
  return html`<section class="operation" id="op-${o.name}" data-operation="${o.name}">
<h3>${o.name}</h3>
${o.summary ? html`<p>${inline(o.summary)}</p>` : ''}
<table class="pair"><thead><tr><th></th><th>request</th><th>reply</th></tr></thead><tbody>
${row('topic', html`<code>${o.requestTopic}</code>`, html`<code>${o.replyTopic}</code>`)}
${row('message', o.request.name, o.reply.name)}
${row('key', keyOf(o.request), keyOf(o.reply))}
${row('headers', headers(o.request.headers), headers(o.reply.headers))}
${row('schema', schemaOf(o.request), schemaOf(o.reply))}
</tbody></table>
<h4>Codes it can answer</h4>
${codes(o.codes)}
</section>`;
}

function message(m: ContractMessage, topic: string, summary: string | null): Html {
  return html`<section class="event" data-event="${m.name}">
<h3>${m.name}</h3>
${summary ? html`<p>${inline(summary)}</p>` : ''}
<p>On <code>${topic}</code>, keyed by ${keyOf(m)}; schema ${schemaOf(m)}.</p>
${textView(m.description)}
<h4>Headers</h4>${headers(m.headers)}
</section>`;
}

export function contractView(p: ContractPage, topicPrefix: string): Html {
  const dead = p.deadLetters;
  return html`<p>${p.title}, contract version ${p.version} (AsyncAPI ${p.asyncapi}). The file itself:
<a href="${CONTRACT_FILE_PATH}">asyncapi.yaml</a> (its Avro schemas are the repository's <code>schemas/</code>).</p>
${topicPrefix ? html`<p class="muted">This console reads these topics as <code>${topicPrefix}&lt;topic&gt;</code> (CONSOLE_TOPIC_PREFIX).</p>` : ''}
<nav class="toc"><a href="#guarantees">Guarantees</a> · <a href="#channels">Topics</a> · <a href="#operations">Operations</a> · <a href="#events">Events</a> · <a href="#dead-letters">Dead letters</a></nav>
<section id="guarantees"><h2>Wire format and guarantees</h2>${textView(p.guarantees)}</section>
<section id="channels"><h2>Topics</h2>${channels(p)}</section>
<section id="operations"><h2>Operations</h2>
<p class="muted">Each is a request and its one reply, keyed like the request.</p>
${p.operations.map(operation)}</section>
<section id="events"><h2>Events</h2>${p.events.map((e) => message(e.message, e.topic, e.summary))}</section>
<section id="dead-letters"><h2>Dead letters</h2>
<table class="dead-letters"><thead><tr><th>topic</th><th>holds</th></tr></thead><tbody>
${dead.topics.map((t) => html`<tr><td><code>${t.topic}</code></td><td>${textView(t.description)}</td></tr>`)}
</tbody></table>
${dead.message ? html`${textView(dead.message.description)}<h4>Headers of a dead letter</h4>${headers(dead.message.headers)}` : ''}
</section>`;
}
