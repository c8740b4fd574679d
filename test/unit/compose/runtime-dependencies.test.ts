// The runtime image carries only what runs (issue 30 point 7): the Dockerfile keeps the
// root package.json's `dependencies` (npm prune --omit=dev) and every workspace but the
// local stack. So each of those dependencies must be imported by a shipped workspace's
// sources (none only by services/devstack, the test SMTP sink or the tests: those are
// devDependencies), and every package a shipped workspace imports must be one of them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
/** Workspaces the image leaves out: the local stack (Kafka, FerretDB, registry, SMTP sink) is for development and tests. */
const NOT_SHIPPED = ['devstack'];

const pkg = (dir: string): { dependencies?: Record<string, string>; devDependencies?: Record<string, string> } =>
  JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|js)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Packages a file loads at run time (`import type` is erased and does not count). */
function importedPackages(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(/^\s*import\s+(?!type\s)[^'"]*?from\s+'([^']+)'/gm),
    ...text.matchAll(/^\s*export\s+(?!type\s)[^'"]*?from\s+'([^']+)'/gm),
    ...text.matchAll(/\bimport\('([^']+)'\)/g),
    ...text.matchAll(/^\s*import\s+'([^']+)'/gm),
  ].map((m) => m[1] ?? '');
  return specs
    .filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !s.startsWith('@workers/'))
    .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : (s.split('/')[0] ?? s)));
}

const workspaces = readdirSync(join(root, 'services')).filter((w) => !NOT_SHIPPED.includes(w));
const shippedImports = new Map<string, string>();
for (const w of workspaces)
  for (const file of sources(join(root, 'services', w, 'src')))
    for (const p of importedPackages(file)) shippedImports.set(p, file.slice(root.length + 1));

const runtimeDeps = new Set([
  ...Object.keys(pkg(root).dependencies ?? {}),
  ...workspaces.flatMap((w) => Object.keys(pkg(join(root, 'services', w)).dependencies ?? {})),
]);

test('every dependency of the image is imported by a shipped workspace', () => {
  const unused = [...Object.keys(pkg(root).dependencies ?? {})].filter((d) => !shippedImports.has(d));
  expect(unused).toEqual([]);
});

test('every package a shipped workspace imports is a runtime dependency', () => {
  const missing = [...shippedImports].filter(([p]) => !runtimeDeps.has(p)).map(([p, file]) => `${p} (${file})`);
  expect(missing).toEqual([]);
});

test("the test SMTP sink's libraries are development dependencies", () => {
  const { dependencies = {}, devDependencies = {} } = pkg(root);
  for (const p of ['smtp-server', 'mailparser', 'testcontainers']) {
    expect(dependencies[p]).toBeUndefined();
    expect(devDependencies[p]).toBeDefined();
  }
});

test('the Dockerfile prunes dev dependencies and leaves the local stack out of the runtime image', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  expect(dockerfile).toMatch(/^RUN npm prune --omit=dev\b/m);
  expect(dockerfile).toMatch(/case "\$name" in devstack\) continue/);
});
