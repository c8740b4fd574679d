// Toxiproxy (Shopify's, github.com/Shopify/toxiproxy/v2, its cmd/server) in front of
// every stack server under --proxy, so tests and the chaos run can add latency, black
// holes (`timeout`) and resets through Toxiproxy's own HTTP API. Built once from the Go
// module proxy into the cache, as FerretDB is (mongo.ts): a throwaway module that
// requires the version, then `go build` of its server package.
// Its proxies live in its memory: start() puts back every proxy added before a stop.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { cacheDir, type StatePaths } from './paths';

const MODULE = 'github.com/Shopify/toxiproxy/v2';
/** The newest version the Go module proxy serves (`go list -m -versions github.com/Shopify/toxiproxy/v2`). */
export const TOXIPROXY_VERSION = 'v2.5.0';

/** Builds toxiproxy-server once into the cache; later calls return the cached binary. */
export async function ensureToxiproxy(logDir: string): Promise<string> {
  const bin = join(cacheDir(), `toxiproxy-${TOXIPROXY_VERSION}`, 'toxiproxy-server');
  if (existsSync(bin)) return bin;
  mkdirSync(logDir, { recursive: true });
  const log = join(logDir, 'toxiproxy-build.log');
  const work = mkdtempSync(join(tmpdir(), 'toxiproxy-build-'));
  try {
    writeFileSync(join(work, 'go.mod'), 'module toxiproxybuild\n\ngo 1.22\n');
    await runToCompletion('go', ['get', `${MODULE}@${TOXIPROXY_VERSION}`], { cwd: work, logFile: log });
    mkdirSync(join(cacheDir(), `toxiproxy-${TOXIPROXY_VERSION}`), { recursive: true });
    await runToCompletion(
      'go',
      [
        'build',
        '-trimpath',
        '-ldflags',
        `-X ${MODULE}.Version=${TOXIPROXY_VERSION}`,
        '-o',
        `${bin}.tmp`,
        `${MODULE}/cmd/server`,
      ],
      { cwd: work, logFile: log, env: { CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' } },
    );
    renameSync(`${bin}.tmp`, bin);
    return bin;
  } finally {
    execFileSync('chmod', ['-R', 'u+w', work]);
    rmSync(work, { recursive: true, force: true });
  }
}

/** One proxy as Toxiproxy's API takes it. */
export interface ProxySpec {
  name: string;
  listen: string;
  upstream: string;
}

export class ToxiproxyServer implements Component {
  readonly name = 'toxiproxy';
  readonly env: Record<string, string> = {};
  version = `Toxiproxy ${TOXIPROXY_VERSION}`;
  private proc?: Managed;
  private apiPort = 0;
  private readonly proxies = new Map<string, ProxySpec>();

  constructor(private readonly paths: StatePaths) {}

  get url(): string {
    return `http://127.0.0.1:${this.apiPort}`;
  }

  running(): boolean {
    return managedRunning(this.proc);
  }

  pid(): number | undefined {
    return this.running() ? this.proc?.child.pid : undefined;
  }

  async start(): Promise<void> {
    const bin = await ensureToxiproxy(this.paths.logs);
    if (!this.apiPort) this.apiPort = await freePort();
    this.env.TOXIPROXY_URL = this.url;
    const proc = spawnLogged('toxiproxy', bin, ['-host', '127.0.0.1', '-port', String(this.apiPort)], {
      logDir: this.paths.logs,
      pidDir: this.paths.pids,
      // Toxiproxy logs every connection at info: the chaos run opens thousands.
      env: { LOG_LEVEL: process.env.TOXIPROXY_LOG_LEVEL ?? 'warn' },
    });
    this.proc = proc;
    await waitUntil('toxiproxy', async () => (await fetch(`${this.url}/version`)).ok, {
      timeoutMs: 30_000,
      failFast: () =>
        proc.child.exitCode !== null
          ? `exited ${proc.child.exitCode}; see ${this.paths.logs}/toxiproxy.log`
          : undefined,
    });
    for (const p of this.proxies.values()) await this.create(p);
  }

  /** A proxy listening on `listen` (kept across a restart of Toxiproxy). */
  async addProxy(spec: ProxySpec): Promise<void> {
    this.proxies.set(spec.name, spec);
    await this.create(spec);
  }

  private async create(spec: ProxySpec): Promise<void> {
    const res = await fetch(`${this.url}/proxies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...spec, enabled: true }),
    });
    if (!res.ok) throw new Error(`toxiproxy: creating proxy ${spec.name}: ${res.status} ${await res.text()}`);
  }

  async stop(): Promise<void> {
    if (this.proc) await stopManaged(this.proc, 5_000);
    this.proc = undefined;
  }

  async kill(): Promise<void> {
    if (this.proc) await killManaged(this.proc);
    this.proc = undefined;
  }
}
