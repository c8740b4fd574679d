// docs/rules.md's code tables say what the operation files say: each domain's table
// lists every code its operations can answer (all but MalformedRequest and
// DuplicateRequestId, stated once for every topic) with the statuses the files give,
// and the common paragraph gives those two the files' statuses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@workers/devstack';
import type { Route } from '@workers/runtime';
import { declaredRoutes } from '../../../scripts/contract/model';

const doc = readFileSync(join(repoRoot, 'docs', 'rules.md'), 'utf8');
const COMMON = ['MalformedRequest', 'DuplicateRequestId'];

/** code → the statuses it is answered with, over `ops`, the common two aside. */
type Statuses = Record<string, number[]>;

function statusesOf(ops: readonly Route['operations'][string][]): Statuses {
  const out: Statuses = {};
  for (const op of ops)
    for (const [code, status] of Object.entries(op.codes))
      if (!COMMON.includes(code)) out[code] = [...new Set([...(out[code] ?? []), status])].sort();
  return out;
}

/** The text of the `## <title>` section. */
function section(title: string): string {
  const start = doc.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`docs/rules.md has no section ${title}`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

/** A `| messageCode | status | when |` table: `Code` → its statuses (`200 / 201`). */
function codeTable(text: string): Statuses {
  const out: Statuses = {};
  for (const m of text.matchAll(/^\| `(\w+)` +\| ([\d /]+?) +\|/gm))
    out[m[1]!] = m[2]!
      .split('/')
      .map((s) => Number(s.trim()))
      .sort();
  return out;
}

/** The operations table's codes column: per `**Operation**`, each `Code` with its status. */
function operationTable(text: string): Record<string, Statuses> {
  const out: Record<string, Statuses> = {};
  for (const m of text.matchAll(/^\| \*\*(\w+)\*\* .*\| ([^|]*) \|$/gm)) {
    const codes: Statuses = {};
    for (const c of m[2]!.matchAll(/`(\w+)` (\d{3})/g)) codes[c[1]!] = [Number(c[2])];
    out[m[1]!] = codes;
  }
  return out;
}

const route = (topic: string): Route => {
  const r = declaredRoutes().requests.find((x) => x.topic === topic);
  if (!r) throw new Error(`no route for ${topic}`);
  return r;
};

it.each([
  ['Contacts', 'crm.contact.requests'],
  ['Accounts', 'crm.account.requests'],
])('the %s table lists the codes of the operations of %s, with their statuses', (title, topic) => {
  expect(codeTable(section(title))).toEqual(statusesOf(Object.values(route(topic).operations)));
});

it('the Cards table lists, per operation, the codes of its file, with their statuses', () => {
  const ops = route('alcs.card.requests').operations;
  const expected = Object.fromEntries(Object.entries(ops).map(([name, op]) => [name, statusesOf([op])]));
  expect(operationTable(section('Cards'))).toEqual(expected);
});

it('the common paragraph gives MalformedRequest and DuplicateRequestId the statuses every operation answers them with', () => {
  const paragraph = section('One question, one answer');
  for (const code of COMMON) {
    const stated = paragraph.match(new RegExp(`\`${code}\` \\((\\d{3})\\)`))?.[1];
    const answered = new Set(
      declaredRoutes().requests.flatMap((r) => Object.values(r.operations).map((op) => op.codes[code])),
    );
    expect([code, [...answered]]).toEqual([code, [Number(stated)]]);
  }
});
