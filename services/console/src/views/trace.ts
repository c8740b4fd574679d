// The trace page: a search box, then one section per request found — the verdict in
// one sentence, the timeline of its messages (offsets, times, latency), the mails
// that followed an approval, and each message decoded (personal data masked).
import type { MessageView, TraceItem } from '../handlers/trace-collect';
import type { Verdict } from '../domain/verdict';
import type { IndexStatus } from '../kafka/topic-index';
import { html, json, time, type Html } from './html';
import { indexNote, readAll } from './index-note';

const link = (q: string | null): Html => (q ? html`<a href="/trace?q=${encodeURIComponent(q)}">${q}</a>` : html`—`);
/** A message's key, linking to every request about it by the message's id (the key may be masked). */
const keyLink = (m: MessageView): Html =>
  m.key
    ? html`<a href="/trace?q=${encodeURIComponent(`${m.topic}:${m.partition}:${m.offset}`)}">${m.key}</a>`
    : html`—`;

export function searchForm(q: string): Html {
  return html`<form class="search" action="/trace" method="get">
    <input name="q" value="${q}" placeholder="requestId, correlation id, contactId, cardNumber or accountId" size="60" autofocus autocomplete="off">
    <button type="submit">Trace</button></form>`;
}

function sentence(v: Verdict, ix: IndexStatus): Html {
  switch (v.kind) {
    case 'answered':
      return html`<span class="badge ready">answered</span> ${v.messageCode}${v.latencyMs === null ? '' : html`, reply ${v.latencyMs} ms after the request`}.`;
    case 'dead-lettered':
      return html`<span class="badge unreachable">in the DLQ</span> since ${v.failedAt ?? 'unknown time'}: ${v.error}. It can be replayed from <a href="/dlq">Dead letters</a>.`;
    case 'waiting':
      return html`<span class="badge not-ready">waiting</span> No reply yet: it is still in the topic, behind lag. Group ${v.groupId} has committed ${v.committed === null ? 'nothing' : `offset ${v.committed}`} on partition ${v.partition}; ${v.ahead} message(s) up to this one are not processed. Is the worker running? See the <a href="/overview">Overview</a>.`;
    case 'processed-no-reply':
      return html`<span class="badge not-ready">processed</span> Processed at ${time(v.processedAt)}, but its reply is not in ${v.replyTopic ?? 'the reply topic'}: it is produced in the same transaction, so look again in a moment (or the reply topic's retention has passed).`;
    case 'passed-no-reply':
      return html`<span class="badge unreachable">no reply</span> Group ${v.groupId} is past it (committed offset ${v.committed}) with neither a reply nor a dead letter: look for this requestId in the worker's log.`;
    case 'never-arrived':
      return html`<span class="badge unreachable">never arrived</span> No message with this id or key in ${v.searched.join(', ')}${v.indexSince ? html` (the console remembers messages since ${time(v.indexSince)}${ix.caughtUp ? '' : html`; ${readAll(ix)}`})` : ` (${readAll(ix)})`}.`;
  }
}

function headerNotes(m: MessageView): Html {
  const h = m.headers;
  const shown = ['message-code', 'dlq-error', 'dlq-replayed-from', 'event-id', 'reply-topic'].filter((k) => h[k]);
  return html`${shown.map((k) => html`<span class="pill">${k}: ${h[k]}</span>`)}${m.error ? html`<span class="pill error">does not decode: ${m.error}</span>` : ''}`;
}

function timeline(item: TraceItem): Html {
  const start = item.messages[0]?.timestamp ?? 0;
  return html`<table class="timeline"><thead><tr><th>what</th><th>topic</th><th>partition</th><th>offset</th><th>time</th><th>+ms</th><th>key</th><th>notes</th></tr></thead><tbody>
  ${item.messages.map((m) => html`<tr data-role="${m.role}"><td>${m.role}</td><td>${m.topic}</td><td>${m.partition}</td><td>${m.offset}</td><td>${time(m.timestamp)}</td><td class="num">${m.timestamp - start}</td><td>${keyLink(m)}</td><td>${headerNotes(m)}</td></tr>`)}
  </tbody></table>`;
}

function mails(item: TraceItem): Html {
  return html`${item.mails.map(
    (c) => html`<h4>Mails for contact ${link(c.contactId)}</h4>
  ${
    c.rows.length === 0
      ? html`<p class="muted">Nothing yet: the mail worker has not recorded the approval.</p>`
      : html`
  <table class="mails"><thead><tr><th>account</th><th>status</th><th>attempts</th><th>sent</th><th>updated</th><th>reason</th></tr></thead><tbody>
  ${c.rows.map((r) => html`<tr data-mail-status="${r.status}"><td>${r.accountId ? html`<a href="/customer?account=${encodeURIComponent(r.accountId)}">${r.accountId}</a>` : '—'}</td><td>${r.status}</td><td class="num">${r.attempts}</td><td>${time(r.sentAt)}</td><td>${time(r.updatedAt)}</td><td>${r.reason ?? ''}</td></tr>`)}
  </tbody></table>`
  }`,
  )}`;
}

function item(i: TraceItem, ix: IndexStatus): Html {
  return html`<article class="trace" data-request-id="${i.requestId ?? ''}" data-verdict="${i.verdict.kind}">
    <h2>${i.requestId ? html`request ${i.requestId}` : 'a message that never decoded'} ${i.operation ? html`<span class="muted">${i.operation}</span>` : ''}</h2>
    <p class="verdict">${sentence(i.verdict, ix)}</p>
    ${i.processed ? html`<p class="muted">Processed-request record: processed ${time(i.processed.processedAt)}, reply topic ${i.processed.replyTopic ?? '—'}, ${i.processed.events.length} event(s).</p>` : ''}
    ${i.messages.length > 0 ? timeline(i) : ''}
    ${i.eventsMatchedByTime ? html`<p class="muted">No processed-request record was found for it: its events were matched by key and time of the reply.</p>` : ''}
    ${mails(i)}
    ${i.messages.map((m) => html`<details data-role="${m.role}"><summary>${m.role} ${m.topic} ${m.partition}:${m.offset}</summary>${m.error ? html`<p class="error">${m.error}</p>` : json(m.value)}</details>`)}
  </article>`;
}

/** `ix`: the index as it was when the items were collected (how far they reach). */
export function traceView(q: string, items: TraceItem[], ix: IndexStatus): Html {
  if (!q)
    return html`<p class="muted">Type a requestId (or the correlation-id header), a contactId, a cardNumber or an accountId.</p>`;
  return html`${indexNote(ix, true)}<p class="muted">${items.length} request(s) for “${q}”. Personal data is masked.</p>${items.map((i) => item(i, ix))}`;
}
