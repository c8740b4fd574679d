// What became of every message of a fuzz run: each hostile one answered once on
// its route's own reply topic with a code it may get, or dead-lettered once in its
// topic's DLQ (never both); each valid one answered Success once where it asked;
// nothing answered or dead-lettered that was never sent; and the logs: no line
// longer than a bound, no personal data of any request.
import { readFileSync } from 'node:fs';
import { dlqTopicOf, isDlqTopic } from '@workers/contracts';
import { counted, figure, type Figure } from '../chaos/figures';
import type { Observer } from '../chaos/observe';
import type { Fuzzed } from './hostile';
import type { ValidRequest } from './valid';

export const MAX_LOG_LINE = 4_096;

/** Where a message sent alone landed: a dead letter without the original headers is found by its origin. */
export type Origins = Map<string, { partition: number; offset: string }>;

interface Letter {
  topic: string;
  origin: string;
  omitted: boolean;
}

/** Dead letters by the fuzz-id header they copied, and by their origin (`topic:partition:offset`). */
function deadLetters(seen: Observer): Map<string, Letter[]> {
  const out = new Map<string, Letter[]>();
  for (const d of seen.rawSeen) {
    if (!isDlqTopic(d.topic)) continue;
    const letter = {
      topic: d.topic,
      origin: d.headers['dlq-origin-topic'] ?? '',
      omitted: d.headers['dlq-value-omitted'] !== undefined,
    };
    const keys = [
      d.headers['fuzz-id'] ?? '',
      `${letter.origin}:${d.headers['dlq-origin-partition']}:${d.headers['dlq-origin-offset']}`,
    ];
    for (const k of keys) out.set(k, [...(out.get(k) ?? []), letter]);
  }
  return out;
}

function lettersOf(m: Fuzzed, dead: Map<string, Letter[]>, origins: Origins): Letter[] {
  const at = origins.get(m.id);
  return dead.get(m.id) ?? (at ? dead.get(`${m.target.topic}:${at.partition}:${at.offset}`) : undefined) ?? [];
}

/** Whether every message has its outcome yet (answered, or dead-lettered, as it must be). */
export function settled(h: readonly Fuzzed[], v: readonly ValidRequest[], seen: Observer, origins: Origins): boolean {
  const dead = deadLetters(seen);
  return (
    h.every((m) => (m.codes.length > 0 ? seen.replies.has(m.id) : lettersOf(m, dead, origins).length > 0)) &&
    v.every((m) => seen.replies.has(m.id))
  );
}

export function outcomeFigures(
  h: readonly Fuzzed[],
  v: readonly ValidRequest[],
  seen: Observer,
  origins: Origins,
): Figure[] {
  const dead = deadLetters(seen);
  const wrong: string[] = [];
  const byCategory = new Map<string, { answered: number; dead: number }>();
  for (const m of h) {
    const replies = seen.replies.get(m.id) ?? [];
    const letters = lettersOf(m, dead, origins);
    const c = byCategory.get(m.category) ?? { answered: 0, dead: 0 };
    byCategory.set(m.category, c);
    if (m.codes.length > 0) {
      const ok =
        replies.length === 1 &&
        letters.length === 0 &&
        m.codes.includes(replies[0]!.code) &&
        replies[0]!.topic === m.target.replyTopic;
      if (ok) c.answered++;
      else
        wrong.push(
          `${m.id} (${m.category}): ${replies.map((r) => `${r.code}@${r.topic}`).join(',') || 'no reply'}${letters.length ? `, ${letters.length} dead letters` : ''}`,
        );
    } else {
      const ok =
        replies.length === 0 &&
        letters.length === 1 &&
        letters[0]!.topic === dlqTopicOf(m.target.topic) &&
        letters[0]!.origin === m.target.topic;
      if (ok) c.dead++;
      else wrong.push(`${m.id} (${m.category}): ${letters.length} dead letters, ${replies.length} replies`);
    }
  }
  const badValid = v
    .filter((m) => {
      const r = seen.replies.get(m.id) ?? [];
      return !(r.length === 1 && r[0]!.code === 'Success' && r[0]!.topic === m.replyTopic);
    })
    .map(
      (m) => `${m.id}: ${(seen.replies.get(m.id) ?? []).map((r) => `${r.code}@${r.topic}`).join(',') || 'no reply'}`,
    );
  const sent = new Set([...h.map((m) => m.id), ...v.map((m) => m.id)]);
  const strangers =
    [...seen.replies.keys()].filter((id) => !sent.has(id)).length +
    seen.rawSeen.filter(
      (d) => isDlqTopic(d.topic) && d.headers['fuzz-id'] !== undefined && !sent.has(d.headers['fuzz-id']),
    ).length;
  const omitted = seen.rawSeen.filter((d) => d.headers['dlq-value-omitted'] !== undefined).length;
  const answered = [...byCategory.values()].reduce((s, c) => s + c.answered, 0);
  const deadCount = [...byCategory.values()].reduce((s, c) => s + c.dead, 0);
  return [
    counted(
      'hostile messages answered MalformedRequest/ValidationFailed or dead-lettered, as each must be',
      wrong,
      h.length,
      'wrong',
    ),
    figure("  answered MalformedRequest / ValidationFailed on the route's own reply topic", answered, true),
    figure('  dead-lettered (no id to answer under)', deadCount, true),
    figure('    of which without the value (too large to copy with the dead-letter headers)', omitted, true),
    ...[...byCategory].map(([name, c]) =>
      figure(`    ${name}`, `${c.answered} answered, ${c.dead} dead-lettered`, true),
    ),
    counted('valid requests answered Success where they asked', badValid, v.length, 'wrong'),
    figure('replies or dead letters of messages never sent', strangers, strangers === 0),
  ];
}

/** Log lines of the worker processes: none longer than MAX_LOG_LINE, none with personal data. */
export function logFigures(files: readonly string[], personal: readonly string[]): Figure[] {
  const literal = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pd = new RegExp(personal.map(literal).join('|'));
  let lines = 0;
  let longest = 0;
  const leaks: string[] = [];
  for (const f of files) {
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      if (!line) continue;
      lines++;
      longest = Math.max(longest, line.length);
      const hit = pd.exec(line);
      if (hit) leaks.push(`${f.slice(f.lastIndexOf('/') + 1)}: …${hit[0].slice(0, 4)}…`);
    }
  }
  return [
    figure('log lines written', lines, lines > 0),
    figure(`longest log line (bound ${MAX_LOG_LINE})`, longest, longest <= MAX_LOG_LINE),
    figure(
      `log lines with personal data (${personal.length} e-mails, phones, PIN HMACs, names)`,
      leaks.length,
      leaks.length === 0,
    ),
  ];
}
