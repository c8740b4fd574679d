// The overview's live block: workers, consumer groups with lag per partition, topics.
import type { OverviewData } from '../handlers/overview';
import type { Topology } from '../domain/topology';
import { html, time, type Html } from './html';

function workers(d: OverviewData): Html {
  if (d.workers.length === 0) return html`<p class="muted">No worker configured (CONSOLE_WORKERS).</p>`;
  return html`<div class="cards">${d.workers.map(
    (w) => html`
    <article class="card" data-worker="${w.name}" data-readiness="${w.readiness}">
      <h3>${w.name} <span class="badge ${w.readiness.replace(' ', '-')}">${w.readiness}</span></h3>
      <p class="muted">${w.url}${w.error ? html` — ${w.error}` : ''}</p>
      <table class="kv">${w.metrics.map((m) => html`<tr><th>${m.label}</th><td>${m.value}</td></tr>`)}</table>
    </article>`,
  )}</div>`;
}

const STATE_NOTES: Record<string, string> = {
  Empty: ' (no member: is the worker running?)',
  Dead: ' (no such group yet: has the worker ever run with this group id?)',
};

function groups(d: OverviewData): Html {
  return html`${d.groups.map(
    (g) => html`
    <article class="group" data-group="${g.groupId}" data-lag="${g.total}" data-state="${g.state}">
      <h3>${g.groupId} <span class="badge ${g.total > 0 ? 'not-ready' : 'ready'}">lag ${g.total}</span>
        <span class="muted">${g.state}${STATE_NOTES[g.state] ?? ''}, ${g.members} member(s)</span></h3>
      ${
        g.partitions.length === 0
          ? html`<p class="muted">none of its topics exists</p>`
          : html`
      <table><thead><tr><th>topic</th><th>partition</th><th>committed</th><th>end offset</th><th>lag</th></tr></thead><tbody>
      ${g.partitions.map((p) => html`<tr data-partition="${p.topic}:${p.partition}" class="${p.lag > 0 ? 'behind' : ''}"><td>${p.topic}</td><td>${p.partition}</td><td>${p.committed ?? '—'}</td><td>${p.high}</td><td class="num">${p.lag}</td></tr>`)}
      </tbody></table>`
      }
    </article>`,
  )}`;
}

function topics(d: OverviewData, t: Topology): Html {
  return html`<table><thead><tr><th>topic</th><th>role</th><th>end offset per partition</th><th>messages held</th></tr></thead><tbody>
  ${d.topics.map(
    (o) => html`<tr data-topic="${o.topic}">
    <td>${o.topic}</td><td>${t.role(o.topic)}</td>
    <td>${o.exists ? o.partitions.map((p) => html`<span class="pill">p${p.partition}: ${p.high}</span>`) : html`<span class="badge unreachable">missing</span>`}</td>
    <td class="num">${o.partitions.reduce((s, p) => s + p.high - p.low, 0)}</td></tr>`,
  )}
  </tbody></table>`;
}

/** The index reads the topics only while a Trace or Dead letters page is in use (this page does not wake it). */
function indexState(ix: OverviewData['index']): string {
  if (!ix.following)
    return ix.pausedAt === null
      ? ', not reading yet (it starts when Trace or Dead letters is opened)'
      : `, paused since ${time(ix.pausedAt)} for want of readers (Trace or Dead letters resumes it)`;
  return ix.caughtUp ? '' : `, still reading the topics: ${ix.progress} % caught up`;
}

export function overviewView(d: OverviewData, t: Topology): Html {
  const ix = d.index;
  return html`
  ${d.kafkaError ? html`<p class="error">Kafka: ${d.kafkaError}</p>` : ''}
  <h2>Workers</h2>${workers(d)}
  <h2>Consumer groups</h2>${groups(d)}
  <h2>Topics</h2>${topics(d, t)}
  <p class="muted">Console index: ${ix.messages} message(s)${indexState(ix)}${ix.forgottenBefore ? html`, reaches back to ${time(ix.forgottenBefore)}` : ''}${ix.failed ? html` — <span class="error">stopped: ${ix.failed}</span>` : ''}. Updated ${time(Date.now())}.</p>`;
}
