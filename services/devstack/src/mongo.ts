// A MongoDB wire-protocol server: `mongod` when one is on PATH, otherwise FerretDB v1
// on its SQLite backend, built from source with the Go toolchain into the cache.
// FerretDB reads its version from build/version/version.txt, which the module zip
// lacks, so the source is copied out of the module cache and the file written first.
// Its SQLite backend is patched before the build (FERRETDB_PATCHES): see docs/ferretdb.md.
import { execFileSync } from 'node:child_process';
import { cpSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { Component } from './component';
import {
  freePort,
  killManaged,
  managedRunning,
  runToCompletion,
  spawnLogged,
  stopManaged,
  waitUntil,
  type Managed,
} from './proc';
import { cacheDir, stackSources, type StatePaths } from './paths';

export const FERRETDB_VERSION = 'v1.24.0';
/** Cache folder of the patched build; a new patch needs a new name so old binaries are rebuilt. */
const BUILD = `ferretdb-${FERRETDB_VERSION}-idx9`;

/** A replacement in FerretDB's source; the build fails loudly when `from` is not there. */
interface SourcePatch {
  file: string;
  from: string;
  to: string;
}

const QUERY_FILE = 'internal/backends/sqlite/collection.go';
const FSQL_FILE = 'internal/util/fsql/db.go';
const REGISTRY_FILE = 'internal/backends/sqlite/metadata/registry.go';
const EXACT_ID_ONLY = (extra: string): string => `\tif params.Filter.Len() == 1 {
\t\tv, _ := params.Filter.Get("_id")
\t\tswitch v.(type) {
\t\tcase string, types.ObjectID:
${extra}\t\t\twhereClause = fmt.Sprintf(\` WHERE %s = ?\`, metadata.IDColumn)
\t\t\targs = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
\t\t}
\t}`;

/** Patch 7: the stored-document codec's files, and the JSON library they use instead of Go's own. */
const SJSON_FILES = [
  'array',
  'binary',
  'bool',
  'datetime',
  'document',
  'double',
  'int32',
  'int64',
  'object_id',
  'regex',
  'schema',
  'sjson',
  'string',
  'timestamp',
];
const JSON_MODULE = 'github.com/goccy/go-json';
const JSON_VERSION = 'v0.10.5';

/**
 * Why each patch (docs/ferretdb.md):
 * 1. v1.24.0's SQLite backend indexes `_id` as `_ferretdb_sjson->"_id"` but looks it up as
 *    `_ferretdb_sjson->'$._id'`: the same value (SQLite's `->` reads a bare label as `$.label`),
 *    but a different expression, so SQLite never used the index. The lookup becomes the index's expression.
 * 2. Upstream pushes a filter down to SQLite only when it is exactly `{_id: value}`; `{_id, _rev}`
 *    or `{_id: {$in: [...]}}` read the whole table. `ferretdb/id_pushdown.go` (copied into the
 *    package) pushes down the `_id` condition of any filter; FerretDB still applies the whole
 *    filter to the rows it gets back, so answers are unchanged.
 * 3. An `update` command defers closing each statement's query until the whole command ends, so
 *    every statement keeps one of the pool's 100 SQLite connections: a command of 100 statements
 *    (or several concurrent ones adding up to 100) waits forever for a connection. Each statement's
 *    query is closed as soon as that statement is done.
 * 4. Each statement of an `update` command is its own SQLite transaction (a commit, and the WAL
 *    checkpoints commits trigger, per document). `ferretdb/deferred_update.go` writes the statements
 *    of a command in one transaction when they cannot see each other (no upsert, no multi, a
 *    distinct `_id` each): the bulk replaces the workers make.
 * 5. `update` and `findAndModify` read what their filter matches, then write by `_id` alone, so two
 *    concurrent ones with the same condition both succeed (two mail dispatchers took one lease in the
 *    chaos run). `ferretdb/collection_lock.go` runs them one at a time per document (per _id they
 *    name by equality; a command that names none holds its collection), which makes a conditional
 *    write atomic per document, as on MongoDB, without making writes to other documents wait.
 * 6. Concurrent writes to one database (one SQLite file, one writer at a time) meet at SQLite's
 *    write lock, where a loser sleeps in SQLite's busy handler for 1, 2, 5, 10, … 100 ms between
 *    tries, however soon the lock is free: concurrent bulk writes of six partitions spent most of
 *    their time asleep. The database's writes (transactions and plain statements) take a Go mutex
 *    of its own instead, so a writer waits exactly as long as the one before it writes.
 * 7. Every document read or written is converted from or to its stored JSON (`sjson`) with Go's
 *    `encoding/json`, a decoder per value: a third of FerretDB's CPU under the workers' load. The
 *    codec uses goccy/go-json instead, a drop-in replacement of that package (same API, same
 *    output, HTML escaping included); FerretDB's own sjson tests pass with it except those that
 *    compare the wording of an error for malformed stored JSON. Measured on the contact mix:
 *    database CPU 0.23 → 0.19 s per 1,000 requests.
 * 8. The SQLite backend reads through no index but `_id`'s: it pushes down only an `_id` condition
 *    (upstream and patch 2) and sorts only by `$natural`. Yet every write computed the key of every
 *    secondary index, SQLite's `json_extract` over the whole stored document for each field of each
 *    index, for indexes no query could use (`json_extract` was 14 % of FerretDB's CPU under the
 *    contact mix, 8 % with this patch: the `_id` index's). A non-unique index is now kept in the
 *    collection's metadata only (`listIndexes`, `dropIndexes` answer as before); a unique one is
 *    still built, because it enforces. Contact mix: database CPU 0.22 → 0.19–0.20 s per 1,000.
 */
export const FERRETDB_PATCHES: readonly SourcePatch[] = [
  {
    file: 'internal/backends/sqlite/metadata/metadata.go',
    from: `IDColumn = DefaultColumn + "->'$._id'"`,
    to: `IDColumn = DefaultColumn + "->'_id'"`,
  },
  { file: QUERY_FILE, from: EXACT_ID_ONLY(''), to: '\twhereClause, args = idPushdown(params.Filter)' },
  {
    file: QUERY_FILE,
    from: EXACT_ID_ONLY('\t\t\tfilterPushdown = true\n'),
    to: '\twhereClause, args = idPushdown(params.Filter)\n\tfilterPushdown = whereClause != ""',
  },
  {
    file: 'internal/handler/msg_update.go',
    from: '\t\tcloser := iterator.NewMultiCloser()\n\t\tdefer closer.Close()\n',
    to: '\t\tcloser := iterator.NewMultiCloser()\n',
  },
  {
    file: 'internal/handler/msg_update.go',
    from: '\t\tresult, err := common.UpdateDocument(ctx, c, "update", iter, &u)\n',
    to: '\t\tresult, err := common.UpdateDocument(ctx, deferredFor(batch, &deferred, c), "update", iter, &u)\n\t\tcloser.Close()\n',
  },
  {
    file: 'internal/handler/msg_update.go',
    from: '\tvar upserted types.Array\n',
    to: '\tvar upserted types.Array\n\n\tbatch := independentByID(params.Updates)\n\tvar deferred *deferringCollection\n',
  },
  {
    file: 'internal/handler/msg_update.go',
    from: '\tmatched, modified, upserted, err := h.updateDocument(connCtx, params)\n',
    to: '\tunlock := lockDocuments(params.DB, params.Collection, updateFilters(params.Updates))\n\tmatched, modified, upserted, err := h.updateDocument(connCtx, params)\n\tunlock()\n',
  },
  {
    file: 'internal/handler/msg_findandmodify.go',
    from: '\tres, err := h.findAndModifyDocument(connCtx, params)\n',
    to: '\tunlock := lockDocuments(params.DB, params.Collection, []*types.Document{params.Query})\n\tres, err := h.findAndModifyDocument(connCtx, params)\n\tunlock()\n',
  },
  {
    file: 'internal/handler/msg_update.go',
    from: '\treturn matched, modified, &upserted, nil\n}',
    to: '\tif err := flushDeferred(ctx, deferred); err != nil {\n\t\treturn 0, 0, nil, lazyerrors.Error(err)\n\t}\n\n\treturn matched, modified, &upserted, nil\n}',
  },
  { file: FSQL_FILE, from: '\t"log/slog"\n\t"time"\n', to: '\t"log/slog"\n\t"sync"\n\t"time"\n' },
  {
    file: FSQL_FILE,
    from: '\tBatchSize int\n}',
    to: '\tBatchSize int\n\n\t// writes lets one write at a time reach SQLite (patch 6).\n\twrites sync.Mutex\n}',
  },
  {
    file: FSQL_FILE,
    from: '\tvar sqlTx *sql.Tx\n\n',
    to: '\tvar sqlTx *sql.Tx\n\n\tdb.writes.Lock()\n\tdefer db.writes.Unlock()\n\n',
  },
  {
    file: FSQL_FILE,
    from: 'func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {\n',
    to: 'func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {\n\tdb.writes.Lock()\n\tdefer db.writes.Unlock()\n\n',
  },
  {
    file: REGISTRY_FILE,
    from: '\t\tif _, err := db.ExecContext(ctx, q); err != nil {\n\t\t\t_ = r.indexesDrop(ctx, dbName, collectionName, created)',
    to: '\t\tif !index.Unique {\n\t\t\t// Patch 8: never read by this backend, so kept in the metadata only.\n\t\t} else if _, err := db.ExecContext(ctx, q); err != nil {\n\t\t\t_ = r.indexesDrop(ctx, dbName, collectionName, created)',
  },
  { file: REGISTRY_FILE, from: '"DROP INDEX %q"', to: '"DROP INDEX IF EXISTS %q"' },
  ...SJSON_FILES.map((f) => ({
    file: `internal/handler/sjson/${f}.go`,
    from: '\t"encoding/json"\n',
    to: `\tjson "${JSON_MODULE}"\n`,
  })),
];
const ADDED_SOURCES = [
  { from: join(stackSources, 'ferretdb', 'id_pushdown.go'), to: 'internal/backends/sqlite/id_pushdown.go' },
  { from: join(stackSources, 'ferretdb', 'deferred_update.go'), to: 'internal/handler/deferred_update.go' },
  { from: join(stackSources, 'ferretdb', 'collection_lock.go'), to: 'internal/handler/collection_lock.go' },
];

function patchSource(src: string): void {
  for (const p of FERRETDB_PATCHES) {
    const file = join(src, p.file);
    const text = readFileSync(file, 'utf8');
    if (!text.includes(p.from))
      throw new Error(`FerretDB ${FERRETDB_VERSION}: ${p.file} no longer has the code a patch expects:\n${p.from}`);
    writeFileSync(file, text.replace(p.from, p.to));
  }
  for (const f of ADDED_SOURCES) cpSync(f.from, join(src, f.to));
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
    patchSource(src);
    await runToCompletion('go', ['get', `${JSON_MODULE}@${JSON_VERSION}`], {
      cwd: src,
      logFile: log,
      env: { GOFLAGS: '-mod=mod' },
    });
    mkdirSync(join(cacheDir(), BUILD), { recursive: true });
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

export class MongoServer implements Component {
  readonly name = 'mongodb';
  readonly env: Record<string, string> = {};
  version = '';
  private proc?: Managed;
  private port = 0;
  private readonly external = process.env.MONGODB_URI;

  constructor(
    private readonly paths: StatePaths,
    private readonly db = process.env.MONGODB_DB ?? 'workers',
  ) {}

  running(): boolean {
    return this.external !== undefined || managedRunning(this.proc);
  }

  pid(): number | undefined {
    return managedRunning(this.proc) ? this.proc.child.pid : undefined;
  }

  /** Our own server only: an external MONGODB_URI may name a replica set, hosts the proxy cannot stand for. */
  upstream(): string | undefined {
    return this.external || !this.port ? undefined : `127.0.0.1:${this.port}`;
  }

  proxiedEnv(proxied: string): Record<string, string> {
    return { MONGODB_URI: `mongodb://${proxied}/` };
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
        this.proc = spawnLogged(
          'mongodb',
          mongod,
          ['--dbpath', dataDir, '--port', String(this.port), '--bind_ip', '127.0.0.1', '--quiet'],
          opts,
        );
      } else {
        const bin = await ensureFerretDb(this.paths.logs);
        this.proc = spawnLogged(
          'mongodb',
          bin,
          [
            // WAL is FerretDB's default; synchronous=NORMAL drops the fsync per commit (still
            // durable if a process dies, not if the machine does): 3–5× faster writes for tests.
            '--handler=sqlite',
            `--sqlite-url=file:${dataDir}/?_pragma=synchronous(normal)`,
            `--state-dir=${dataDir}`,
            `--listen-addr=127.0.0.1:${this.port}`,
            // FERRETDB_DEBUG_ADDR (say 127.0.0.1:8088) serves Go's pprof, to profile the database under a benchmark.
            `--debug-addr=${process.env.FERRETDB_DEBUG_ADDR ?? '-'}`,
            '--telemetry=disable',
            '--log-level=warn',
          ],
          // GOGC=400: FerretDB allocates per document it converts (JSON ↔ BSON) and spent a
          // quarter of its CPU allocating and collecting under the benchmark; its live heap is a few
          // tens of MB, so collecting four times less often costs little memory (peak RSS
          // 70 → 110 MB) and cut its CPU per request by about a seventh.
          { ...opts, env: { GOGC: process.env.GOGC ?? '400' } },
        );
      }
    }
    const proc = this.proc;
    await waitUntil(
      'mongodb',
      async () => {
        const client = new MongoClient(this.env.MONGODB_URI!, { serverSelectionTimeoutMS: 1000 });
        try {
          await client.connect();
          const info = await client.db('admin').command({ buildInfo: 1 });
          const ferret = (info as { ferretdbVersion?: string }).ferretdbVersion;
          this.version = ferret
            ? `FerretDB ${ferret} (SQLite backend; reports MongoDB ${String(info.version)})`
            : `MongoDB ${String(info.version)}`;
          return true;
        } finally {
          await client.close().catch(() => undefined);
        }
      },
      {
        timeoutMs: 60_000,
        failFast: () =>
          proc && proc.child.exitCode !== null
            ? `exited ${proc.child.exitCode}; see ${this.paths.logs}/mongodb.log`
            : undefined,
      },
    );
  }

  async stop(): Promise<void> {
    if (this.proc) await stopManaged(this.proc);
    this.proc = undefined;
  }

  async kill(): Promise<void> {
    if (this.proc) await killManaged(this.proc);
    this.proc = undefined;
  }
}
