// A console scenario: a private set of the declared topics (random prefix, configs of
// services/contracts/src/topics.ts) with their schemas, a fresh database, the chosen workers
// as child processes, the operator console watching them (random port, a token, the
// test e-mail keys; the browser signed in as OPERATOR), and the ops request client to send operator JSON and wait for
// replies. Workers get fixed metrics ports so a restarted one is found at the same URL.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { TOPICS, topicVariables, type WorkerName } from '@workers/contracts';
import { loadOpsConfig, OperatorSender, topicSpecs } from '@workers/ops';
import type { AnswerBase, ServiceName } from '@workers/client';
import { freePort } from '@workers/devstack';
import { repoRoot } from '@workers/devstack';
import { serviceEntry } from './service-entry';
import { createTopics, registerSchema } from './kafka-client';
import { stackEnv, uniqueName } from './stack-env';
import { TEST_KEYS } from './test-keys';
import { Browser } from './browser';
import { WorkerProcess } from './worker-process';

type Worker = WorkerName;

/** The name the scenario's browser signs in with (logged with each reveal and replay). */
export const OPERATOR = 'Test Operator';

export class ConsoleScenario {
  readonly workers = new Map<Worker, WorkerProcess>();
  readonly consoleLines: string[] = [];
  url = '';
  private consoleProc?: ChildProcess;
  private constructor(
    readonly prefix: string,
    readonly groupPrefix: string,
    readonly token: string,
    readonly env: Record<string, string>,
    readonly ports: Record<Worker, number>,
    readonly client: OperatorSender,
    readonly mongo: MongoClient,
    readonly db: Db,
  ) {}

  /** A scenario with `workers` running, the console watching them, and a browser (one per test file). */
  static async withBrowser(name: string, workers: Worker[]): Promise<{ s: ConsoleScenario; browser: Browser }> {
    const s = await ConsoleScenario.open(name);
    await Promise.all(workers.map((w) => s.startWorker(w)));
    const [browser] = await Promise.all([Browser.open(), s.startConsole()]);
    await browser.signIn(s.url, s.token, OPERATOR);
    return { s, browser };
  }

  static async open(name: string): Promise<ConsoleScenario> {
    const prefix = `${uniqueName(name)}.`;
    await createTopics(
      topicSpecs({ prefix, replicationFactor: 1 }).map((t) => ({ name: t.name, like: t.name.slice(prefix.length) })),
      2,
    );
    for (const t of TOPICS) if (t.schemaFile) await registerSchema(`${prefix}${t.name}`, t.name);
    const dbName = uniqueName('console').replace(/[-.]/g, '_');
    const groupPrefix = `${prefix.slice(0, -1)}-`;
    const env = {
      ...topicVariables(prefix),
      MONGODB_DB: dbName,
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      RETRY_BASE_MS: '100',
      RETRY_MAX_MS: '1000',
      MAIL_FROM: 'noreply@mypage.example.jp',
      MYPAGE_URL: 'https://mypage.example.jp/',
      MAIL_POLL_MS: '200',
      ...TEST_KEYS,
    };
    const ports = {
      'card-worker': await freePort(),
      'contact-worker': await freePort(),
      'mail-worker': await freePort(),
    };
    const config = loadOpsConfig(['kafka', 'registry'], process.env);
    const client = new OperatorSender(config, prefix, 'console-tests', 120_000);
    const mongo = await MongoClient.connect(stackEnv().mongoUri);
    return new ConsoleScenario(
      prefix,
      groupPrefix,
      randomBytes(32).toString('hex'),
      env,
      ports,
      client,
      mongo,
      mongo.db(dbName),
    );
  }

  topic(declared: string): string {
    return `${this.prefix}${declared}`;
  }

  async startWorker(name: Worker): Promise<WorkerProcess> {
    const w = WorkerProcess.start(name, {
      ...this.env,
      METRICS_PORT: String(this.ports[name]),
      CONSUMER_GROUP: `${this.groupPrefix}${name}`,
      INSTANCE_ID: uniqueName('i'),
    });
    this.workers.set(name, w);
    await w.waitForLog('worker.started');
    return w;
  }

  async stopWorker(name: Worker): Promise<void> {
    await this.workers.get(name)?.stop();
    this.workers.delete(name);
  }

  /** Starts the console; resolves once it printed its address. */
  async startConsole(extra: Record<string, string> = {}): Promise<string> {
    const child = spawn(process.execPath, serviceEntry('console', 'main'), {
      cwd: repoRoot,
      env: {
        ...process.env,
        ...this.env,
        CONSOLE_PORT: '0',
        CONSOLE_TOKEN: this.token,
        CONSOLE_TOPIC_PREFIX: this.prefix,
        CONSOLE_GROUP_PREFIX: this.groupPrefix,
        CONSOLE_REFRESH_MS: '500',
        LOG_LEVEL: 'debug',
        CONSOLE_WORKERS: Object.entries(this.ports)
          .map(([n, p]) => `${n}=http://127.0.0.1:${p}`)
          .join(','),
        ...extra,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.consoleProc = child;
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const parts = out.split('\n');
      out = parts.pop() ?? '';
      this.consoleLines.push(...parts.filter(Boolean));
    });
    this.url = await new Promise<string>((resolve, reject) => {
      let err = '';
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /^console: (http:\/\/\S+?)\/? /m.exec(err);
        if (m?.[1]) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`console exited ${code}: ${err}`)));
    });
    return this.url;
  }

  /** A request to the console with the Bearer token (and X-Operator: OPERATOR). */
  api(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      ...init,
      redirect: 'manual',
      headers: { authorization: `Bearer ${this.token}`, 'x-operator': OPERATOR, ...(init.headers as object) },
    });
  }

  /** The console's JSON log lines. */
  consoleLogs(): Record<string, unknown>[] {
    return this.consoleLines.flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }

  /** Sends operator JSON (the form of docs/requests/) to a declared request topic and waits for its reply. */
  async ask(
    declaredTopic: string,
    request: Record<string, unknown>,
  ): Promise<AnswerBase<ServiceName> & { code: string }> {
    return (await this.client.start(declaredTopic, request)).answer;
  }

  async close(): Promise<void> {
    await Promise.all([...this.workers.values()].map((w) => w.stop()));
    if (this.consoleProc && this.consoleProc.exitCode === null) {
      const exited = new Promise((resolve) => this.consoleProc?.once('exit', resolve));
      this.consoleProc.kill('SIGTERM');
      await exited;
    }
    await this.client.close();
    await this.db.dropDatabase().catch(() => undefined);
    await this.mongo.close();
  }
}

/** A CRM request in operator JSON: `{source, operation: {<name>: fields}}`. */
export const crm = (name: string, fields: Record<string, unknown>): Record<string, unknown> => ({
  source: 'CRM',
  operation: { [name]: fields },
});
