// Code keeps a decision and links the figures behind it (`docs/benchmarks.md#anchor`); a link
// whose heading was renamed or never written would leave the decision without its reason. Every
// `docs/<page>.md#<anchor>` in the sources, and every `#anchor` link inside docs/, names a heading
// of that page (GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const SOURCE = /\.(ts|go|patch)$/;

function filesBelow(dir: string, keep: RegExp): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && keep.test(e.name) && !/node_modules|[/\\]dist[/\\]?/.test(e.parentPath))
    .map((e) => join(e.parentPath, e.name));
}

const anchorOf = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');

function anchorsOf(page: string): Set<string> {
  const text = readFileSync(join(root, 'docs', page), 'utf8');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1]!)));
}

/** Every link to an anchor: where it is, the page it names and the anchor. */
function links(): { at: string; page: string; anchor: string }[] {
  const found: { at: string; page: string; anchor: string }[] = [];
  const sources = [join(root, 'scripts'), ...readdirSync(join(root, 'services')).map((p) => join(root, 'services', p))];
  for (const file of sources.flatMap((d) => filesBelow(d, SOURCE))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/docs\/([\w-]+\.md)#([\w-]+)/g))
      found.push({ at: relative(root, file), page: m[1]!, anchor: m[2]! });
  }
  for (const file of filesBelow(join(root, 'docs'), /\.md$/)) {
    const page = relative(join(root, 'docs'), file);
    for (const m of readFileSync(file, 'utf8').matchAll(/\]\(([\w-]+\.md)?#([^)\s]+)\)/g))
      found.push({ at: `docs/${page}`, page: m[1] ?? page, anchor: m[2]! });
  }
  return found;
}

test('every link to a docs anchor names a heading of that page', () => {
  const all = links();
  expect(all.some((l) => l.page === 'benchmarks.md')).toBe(true);
  const broken = all.filter((l) => !anchorsOf(l.page).has(l.anchor));
  expect(broken).toEqual([]);
});
