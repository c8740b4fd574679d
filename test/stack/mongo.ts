// A MongoDB wire-protocol server: `mongod` when one is on PATH, otherwise FerretDB v1
// on its SQLite backend, built from source with the Go toolchain into the cache.
// FerretDB reads its version from build/version/version.txt, which the module zip
// lacks, so the source is copied out of the module cache and the file written first.
// One line is patched before the build (ID_LOOKUP_PATCH): see docs/ferretdb.md.
import { execFileSync } from 'node:child_process';
import { cpSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { Component } from './component';
import { freePort, runToCompletion, spawnLogged, stopManaged, waitUntil, type Managed } from './proc';
import { cacheDir, type StatePaths } from './paths';

export const FERRETDB_VERSION = 'v1.24.0';
/** Cache folder of the patched build; a new patch needs a new name so old binaries are rebuilt. */
const BUILD = `ferretdb-${FERRETDB_VERSION}-idx1`;

/**
 * v1.24.0's SQLite backend indexes `_id` as `_ferretdb_sjson->"_id"` but looks it up as
 * `_ferretdb_sjson->'$._id'`: the same value (SQLite's `->` reads a bare label as `$.label`),
 * but a different expression, so SQLite never uses the index and every find, update and
 * delete by _id scans the whole table. The patch makes the lookup the index's expression.
 */
export const ID_LOOKUP_PATCH = {
  file: 'internal/backends/sqlite/metadata/metadata.go',
  from: `IDColumn = DefaultColumn + "->'$._id'"`,
  to: `IDColumn = DefaultColumn + "->'_id'"`,
};

function patchIdLookup(src: string): void {
  const file = join(src, ID_LOOKUP_PATCH.file);
  const text = readFileSync(file, 'utf8');
  if (!text.includes(ID_LOOKUP_PATCH.from)) throw new Error(`FerretDB ${FERRETDB_VERSION}: ${ID_LOOKUP_PATCH.file} no longer has the line the _id patch expects`);
  writeFileSync(file, text.replace(ID_LOOKUP_PATCH.from, ID_LOOKUP_PATCH.to));
}
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';

function onPath(cmd: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Builds FerretDB once into the cache; later calls return the cached binary. */
export async function ensureFerretDb(logDir: string): Promise<string> {
  const bin = join(cacheDir(), BUILD, 'ferretdb');
  if (existsSync(bin)) return bin;
  mkdirSync(logDir, { recursive: true });
  const log = join(logDir, 'ferretdb-build.log');
  const work = mkdtempSync(join(tmpdir(), 'ferretdb-build-'));
  try {
    // `go mod download` works outside a module and reads only the version's own files
    // from the proxy (the `go install pkg@version` path also asks for the version list).
    const out = execFileSync('go', ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], {
      cwd: work, encoding: 'utf8', env: { ...process.env, GOFLAGS: '-mod=mod' },
    });
    const dir = (JSON.parse(out) as { Dir?: string }).Dir;
    if (!dir) throw new Error(`go mod download gave no directory: ${out}`);
    const src = join(work, 'src');
    cpSync(dir, src, { recursive: true });
    execFileSync('chmod', ['-R', 'u+w', src]);
    writeFileSync(join(src, 'build/version/version.txt'), `${FERRETDB_VERSION}\n`);
    patchIdLookup(src);
    mkdirSync(join(cacheDir(), BUILD), { recursive: true });
    await runToCompletion('go', ['build', '-trimpath', '-o', bin + '.tmp', './cmd/ferretdb'], {
      cwd: src, logFile: log, env: { CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' },
    });
    execFileSync('mv', [bin + '.tmp', bin]);
    chmodSync(bin, 0o755);
    return bin;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export class MongoServer implements Component {
  readonly name = 'mongodb';
  readonly env: Record<string, string> = {};
  version = '';
  private proc?: Managed;
  private port = 0;
  private readonly external = process.env.MONGODB_URI;

  constructor(private readonly paths: StatePaths, private readonly db = process.env.MONGODB_DB ?? 'workers') {}

  running(): boolean {
    return this.external !== undefined || (this.proc !== undefined && this.proc.child.exitCode === null);
  }

  async start(): Promise<void> {
    this.env.MONGODB_DB = this.db;
    if (this.external) {
      this.env.MONGODB_URI = this.external;
    } else {
      if (!this.port) this.port = await freePort();
      this.env.MONGODB_URI = `mongodb://127.0.0.1:${this.port}/`;
      const dataDir = join(this.paths.data, 'mongodb');
      mkdirSync(dataDir, { recursive: true });
      const mongod = onPath('mongod');
      const opts = { logDir: this.paths.logs, pidDir: this.paths.pids };
      if (mongod) {
        this.proc = spawnLogged('mongodb', mongod, ['--dbpath', dataDir, '--port', String(this.port), '--bind_ip', '127.0.0.1', '--quiet'], opts);
      } else {
        const bin = await ensureFerretDb(this.paths.logs);
        this.proc = spawnLogged('mongodb', bin, [
          // WAL is FerretDB's default; synchronous=NORMAL drops the fsync per commit (still
          // durable if a process dies, not if the machine does): 3–5× faster writes for tests.
          '--handler=sqlite', `--sqlite-url=file:${dataDir}/?_pragma=synchronous(normal)`, `--state-dir=${dataDir}`,
          `--listen-addr=127.0.0.1:${this.port}`, '--debug-addr=-', '--telemetry=disable', '--log-level=warn',
        ], opts);
      }
    }
    const proc = this.proc;
    await waitUntil('mongodb', async () => {
      const client = new MongoClient(this.env.MONGODB_URI!, { serverSelectionTimeoutMS: 1000 });
      try {
        await client.connect();
        const info = await client.db('admin').command({ buildInfo: 1 });
        const ferret = (info as { ferretdbVersion?: string }).ferretdbVersion;
        this.version = ferret ? `FerretDB ${ferret} (SQLite backend; reports MongoDB ${String(info.version)})` : `MongoDB ${String(info.version)}`;
        return true;
      } finally {
        await client.close().catch(() => undefined);
      }
    }, {
      timeoutMs: 60_000,
      failFast: () => (proc && proc.child.exitCode !== null ? `exited ${proc.child.exitCode}; see ${this.paths.logs}/mongodb.log` : undefined),
    });
  }

  async stop(): Promise<void> {
    if (this.proc) await stopManaged(this.proc);
    this.proc = undefined;
  }
}
