// The FerretDB build's inputs: each patch file says what it changes before its diff, the cache
// folder follows the patches and Go files (a changed patch is built anew), and applying them adds
// the Go files at their paths and refuses a hunk that does not match exactly.
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FERRETDB_VERSION, ferretdbBuildName, ferretdbSources, patchFerretDb } from '../src/ferretdb-build';

const patchDir = join(ferretdbSources, 'patches');
const patchFiles = readdirSync(patchDir).filter((f) => f.endsWith('.patch'));
let tmp: string;

beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ferretdb-build-test-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

test('every patch opens with a header of what it changes and why, then a diff', () => {
  expect(patchFiles.length).toBeGreaterThan(0);
  for (const f of patchFiles) {
    const text = readFileSync(join(patchDir, f), 'utf8');
    const diffAt = text.search(/^--- a\//m);
    expect({ f, hasDiff: diffAt > 0 }).toEqual({ f, hasDiff: true });
    const header = text.slice(0, diffAt);
    expect({ f, what: /^What: /m.test(header), why: /^Why: /m.test(header) }).toEqual({ f, what: true, why: true });
  }
});

test('the build folder changes when a patch or a Go file changes, is added or goes', () => {
  const copy = join(tmp, 'sources');
  cpSync(ferretdbSources, copy, { recursive: true });
  const original = ferretdbBuildName(copy);
  expect(original).toBe(ferretdbBuildName());
  expect(original).toMatch(new RegExp(`^ferretdb-${FERRETDB_VERSION}-[0-9a-f]{12}$`));

  appendFileSync(join(copy, 'patches', patchFiles[0]!), ' ');
  const edited = ferretdbBuildName(copy);
  expect(edited).not.toBe(original);

  writeFileSync(join(copy, 'patches', '99-more.patch'), '');
  const added = ferretdbBuildName(copy);
  expect(new Set([original, edited, added]).size).toBe(3);

  rmSync(join(copy, 'added'), { recursive: true });
  expect(new Set([original, edited, added, ferretdbBuildName(copy)]).size).toBe(4);
});

describe('patchFerretDb', () => {
  const diff = (from: string, to: string): string =>
    `Header: what and why.\n\n--- a/pkg/file.go\n+++ b/pkg/file.go\n@@ -1,3 +1,3 @@\n a\n-${from}\n+${to}\n c\n`;
  const setUp = (patches: Record<string, string>): { sources: string; src: string; log: string } => {
    const sources = join(tmp, 'sources');
    mkdirSync(join(sources, 'patches'), { recursive: true });
    mkdirSync(join(sources, 'added', 'pkg'), { recursive: true });
    writeFileSync(join(sources, 'added', 'pkg', 'extra.go'), 'package pkg\n');
    for (const [name, text] of Object.entries(patches)) writeFileSync(join(sources, 'patches', name), text);
    const src = join(tmp, 'src');
    mkdirSync(join(src, 'pkg'), { recursive: true });
    writeFileSync(join(src, 'pkg', 'file.go'), 'a\nb\nc\n');
    return { sources, src, log: join(tmp, 'build.log') };
  };

  test('adds the Go files and applies the patches in name order', async () => {
    const { sources, src, log } = setUp({ '02-second.patch': diff('x', 'y'), '01-first.patch': diff('b', 'x') });
    await patchFerretDb(src, log, sources);
    expect(readFileSync(join(src, 'pkg', 'file.go'), 'utf8')).toBe('a\ny\nc\n');
    expect(readFileSync(join(src, 'pkg', 'extra.go'), 'utf8')).toBe('package pkg\n');
  });

  test('fails, the log saying which file, when a hunk does not match exactly', async () => {
    const { sources, src, log } = setUp({ '01-first.patch': diff('b', 'x'), '02-stale.patch': diff('B', 'y') });
    await expect(patchFerretDb(src, log, sources)).rejects.toThrow(/^git apply .*02-stale\.patch exited 1/);
    expect(readFileSync(log, 'utf8')).toContain('pkg/file.go: patch does not apply');
  });
});
