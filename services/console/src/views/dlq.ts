// The dead-letter page: one table per .dlq topic, newest entry first. With write
// access (a console with CONSOLE_TOKEN) each entry has a checkbox, and "Replay selected…" opens a confirmation
// (console.js) before anything is sent.
import type { Indexed, IndexStatus } from '../kafka/topic-index';
import { html, json, time, type Html } from './html';
import { indexNote } from './index-note';

export interface DeadLetterView {
  entry: Indexed;
  value: unknown;
  decodeError: string | null;
  replayedAt: number[];
}

function row(topic: string, v: DeadLetterView, writable: boolean): Html {
  const e = v.entry;
  const h = e.headers;
  const at = `${e.partition}:${e.offset}`;
  return html`<tr data-entry="${at}">
    ${writable ? html`<td><input type="checkbox" name="entry" value="${at}" data-dlq="${topic}" aria-label="choose ${at}"></td>` : ''}
    <td>${at}</td>
    <td>${h['dlq-failed-at'] ?? time(e.timestamp)}</td>
    <td>${e.key ? html`<a href="/trace?q=${encodeURIComponent(e.id)}">${e.key}</a>` : '—'}</td>
    <td>${h['dlq-origin-topic'] ?? '?'} ${h['dlq-origin-partition'] ?? '?'}:${h['dlq-origin-offset'] ?? '?'}</td>
    <td class="error-text">${h['dlq-error'] ?? ''}</td>
    <td>${v.replayedAt.length > 0 ? html`<span class="badge ready">replayed</span> ${v.replayedAt.map((t) => time(t)).join(', ')}` : ''}</td>
    <td>${
      v.decodeError
        ? html`<span class="muted">does not decode (${e.bytes} bytes): ${v.decodeError}</span>`
        : html`<details><summary>decoded value</summary>${json(v.value)}</details>`
    }</td>
  </tr>`;
}

export function dlqView(
  topics: { topic: string; entries: DeadLetterView[] }[],
  writable: boolean,
  ix: IndexStatus,
): Html {
  return html`${indexNote(ix, false)}${writable ? '' : html`<p class="muted">Read-only: start the console with CONSOLE_TOKEN to replay entries.</p>`}
  ${topics.map(
    ({ topic, entries }) => html`<section class="dlq" data-dlq-topic="${topic}">
    <h2>${topic} <span class="muted">${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}</span></h2>
    ${
      entries.length === 0
        ? html`<p class="muted">Empty.</p>`
        : html`
    <table><thead><tr>${writable ? html`<th></th>` : ''}<th>partition:offset</th><th>failed at</th><th>key</th><th>origin</th><th>error</th><th>replayed</th><th>value</th></tr></thead>
    <tbody>${entries.map((v) => row(topic, v, writable))}</tbody></table>
    ${writable ? html`<button type="button" data-replay="${topic}">Replay selected…</button>` : ''}`
    }
  </section>`,
  )}
  ${
    writable
      ? html`<dialog id="confirm-replay">
    <form method="dialog">
      <h3>Replay to the origin topic?</h3>
      <p>These entries are sent back to the topic and partition they came from, with their key, bytes and headers (minus dlq-*). They also stay in the DLQ. A request already processed is answered from its record, not applied again.</p>
      <ul id="replay-list"></ul>
      <p class="error" id="replay-error"></p>
      <menu><button value="cancel">Cancel</button> <button id="replay-confirm" value="confirm">Replay</button></menu>
    </form>
  </dialog>`
      : ''
  }`;
}
