// FerretDB v1, built from source with the Go toolchain into the cache, for a stack with no
// `mongod` on PATH. `go install …@v1.24.0` does not work here (docs/ferretdb.md#building-ferretdb),
// so the build fetches the source with `go mod download`, copies it out of the module cache, writes
// the build/version/version.txt the module zip lacks, adds the Go files and applies the patches of
// services/devstack/ferretdb/ (each patch says what it changes and why), adds the Go modules the
// patches import (`go get`), then runs `go build`.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { runToCompletion } from './proc';
import { cacheDir, repoRoot } from './paths';

export const FERRETDB_VERSION = 'v1.24.0';
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
/** Modules the patches import that FerretDB does not require (patch 7). */
const GO_MODULES_ADDED = ['github.com/goccy/go-json@v0.10.5'];

/** `patches/*.patch`, applied in name order, and `added/`, Go files copied to the same paths in FerretDB's tree. */
export const ferretdbSources = join(repoRoot, 'services', 'devstack', 'ferretdb');

/** Every file below `dir`, as sorted paths relative to it with `/` separators. */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/**
 * The cache folder of a build: the version and a hash of the added modules and of every file of
 * `sources` (path and content), so a changed, added or removed patch, Go file or module makes a new
 * build and an old binary is never reused.
 */
export function ferretdbBuildName(sources = ferretdbSources): string {
  const hash = createHash('sha256');
  hash.update(`${GO_MODULES_ADDED.join(' ')}\0`);
  for (const file of filesBelow(sources)) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(sources, file)));
    hash.update('\0');
  }
  return `ferretdb-${FERRETDB_VERSION}-${hash.digest('hex').slice(0, 12)}`;
}

/**
 * Adds the Go files and applies the patches, in name order, to the FerretDB tree `src`. `git apply`
 * takes no hunk that does not match exactly, so a FerretDB version whose code moved fails the build
 * loudly. GIT_CEILING_DIRECTORIES keeps git from taking a repository around `src` for the tree.
 */
export async function patchFerretDb(src: string, logFile: string, sources = ferretdbSources): Promise<void> {
  cpSync(join(sources, 'added'), src, { recursive: true });
  const patches = filesBelow(join(sources, 'patches'))
    .filter((f) => f.endsWith('.patch'))
    .map((f) => join(sources, 'patches', f));
  await runToCompletion('git', ['apply', '--verbose', ...patches], {
    cwd: src,
    logFile,
    env: { GIT_CEILING_DIRECTORIES: join(src, '..') },
  });
}

/** Builds FerretDB once into the cache; later calls return the cached binary. */
export async function ensureFerretDb(logDir: string): Promise<string> {
  const bin = join(cacheDir(), ferretdbBuildName(), 'ferretdb');
  if (existsSync(bin)) return bin;
  mkdirSync(logDir, { recursive: true });
  const log = join(logDir, 'ferretdb-build.log');
  const work = mkdtempSync(join(tmpdir(), 'ferretdb-build-'));
  try {
    // `go mod download` works outside a module and reads only the version's own files
    // from the proxy (the `go install pkg@version` path also asks for the version list).
    const out = execFileSync('go', ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, GOFLAGS: '-mod=mod' },
    });
    const dir = (JSON.parse(out) as { Dir?: string }).Dir;
    if (!dir) throw new Error(`go mod download gave no directory: ${out}`);
    const src = join(work, 'src');
    cpSync(dir, src, { recursive: true });
    execFileSync('chmod', ['-R', 'u+w', src]);
    writeFileSync(join(src, 'build/version/version.txt'), `${FERRETDB_VERSION}\n`);
    await patchFerretDb(src, log);
    await runToCompletion('go', ['get', ...GO_MODULES_ADDED], { cwd: src, logFile: log, env: { GOFLAGS: '-mod=mod' } });
    mkdirSync(join(bin, '..'), { recursive: true });
    await runToCompletion('go', ['build', '-trimpath', '-o', `${bin}.tmp`, './cmd/ferretdb'], {
      cwd: src,
      logFile: log,
      env: { CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' },
    });
    execFileSync('mv', [`${bin}.tmp`, bin]);
    chmodSync(bin, 0o755);
    return bin;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
