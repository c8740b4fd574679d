// A MongoDB wire-protocol server: `mongod` when one is on PATH, otherwise FerretDB v1 on its
// SQLite backend, patched and built into the cache (ferretdb-build.ts; docs/ferretdb.md).
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { Component } from './component';
import { ensureFerretDb } from './ferretdb-build';
import { freePort, killManaged, managedRunning, spawnLogged, stopManaged, waitUntil, type Managed } from './proc';
import type { StatePaths } from './paths';

function onPath(cmd: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
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
            // durable if a process dies, not if the machine does): docs/ferretdb.md#speed-settings.
            '--handler=sqlite',
            `--sqlite-url=file:${dataDir}/?_pragma=synchronous(normal)`,
            `--state-dir=${dataDir}`,
            `--listen-addr=127.0.0.1:${this.port}`,
            // FERRETDB_DEBUG_ADDR (say 127.0.0.1:8088) serves Go's pprof, to profile the database under a benchmark.
            `--debug-addr=${process.env.FERRETDB_DEBUG_ADDR ?? '-'}`,
            '--telemetry=disable',
            '--log-level=warn',
          ],
          // GOGC=400: FerretDB allocates per document it converts (JSON ↔ BSON); collecting four
          // times less often trades a little memory for CPU (docs/ferretdb.md#speed-settings).
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
