// Domain rules are pure functions: a module under services/<worker>/src/domain/ or
// services/<worker>/src/operations/ (an operation's validation and decision) loads no I/O library. It may import its own package's modules, types from anywhere, the
// shared facts (@workers/contracts), the runtime's pure entry (@workers/runtime/pure),
// Node's crypto and libphonenumber-js; nothing else (no kafkajs, mongodb, nodemailer,
// and not the runtime's main entry, which loads them).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const ALLOWED = [
  /^\./,
  /^@workers\/contracts$/,
  /^@workers\/runtime\/pure$/,
  /^node:crypto$/,
  /^libphonenumber-js(\/\w+)?$/,
];

function domainFiles(): string[] {
  return readdirSync(join(root, 'services')).flatMap((pkg) => {
    return ['domain', 'operations'].flatMap((sub) => {
      const dir = join(root, 'services', pkg, 'src', sub);
      try {
        return readdirSync(dir)
          .filter((f) => f.endsWith('.ts'))
          .map((f) => join('services', pkg, 'src', sub, f));
      } catch {
        return [];
      }
    });
  });
}

it('domain and operation modules import no I/O', () => {
  const files = domainFiles();
  expect(files.length).toBeGreaterThan(10);
  const offending = files.flatMap((file) => {
    const text = readFileSync(join(root, file), 'utf8');
    const valueImports = [...text.matchAll(/^import\s+(?!type\s)[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]!);
    return valueImports.filter((spec) => !ALLOWED.some((a) => a.test(spec))).map((spec) => `${file}: ${spec}`);
  });
  expect(offending).toEqual([]);
});
