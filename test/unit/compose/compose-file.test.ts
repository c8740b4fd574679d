// docker-compose.yml and the Dockerfile cannot be run here (no container engine), so
// their shape is checked statically; `docker compose config` runs too where the CLI exists.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_TOPIC, WORKERS } from '@workers/contracts';

const root = join(__dirname, '..', '..', '..');
const composePath = join(root, 'docker-compose.yml');

type Healthcheck = { test?: unknown; disable?: boolean };
type DependsOn = Record<string, { condition?: string }> | string[];
type Service = {
  image?: string;
  build?: string | { context?: string; target?: string; dockerfile?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, unknown> | string[];
  healthcheck?: Healthcheck;
  depends_on?: DependsOn;
  restart?: string;
};
type ComposeFile = { services: Record<string, Service>; volumes?: Record<string, unknown> };

// Compose resolves YAML merge keys (`<<: *worker`), so the parser must too.
const compose = parse(readFileSync(composePath, 'utf8'), { merge: true }) as ComposeFile;
const services = compose.services;
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

// The workers are the ones the topic declaration (services/contracts) names.
const ALL_SERVICES = ['kafka', 'schema-registry', 'mongodb', 'mailpit', 'init', ...WORKERS];

const service = (name: string): Service => {
  const s = services[name];
  if (!s) throw new Error(`service ${name} missing from docker-compose.yml`);
  return s;
};

const envOf = (s: Service): Record<string, string> => {
  const env = s.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((line) => {
        const i = line.indexOf('=');
        return i < 0 ? [line, ''] : [line.slice(0, i), line.slice(i + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v == null ? '' : String(v)]));
};

const conditionsOf = (s: Service): Record<string, string | undefined> => {
  const deps = s.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([k, v]) => [k, v?.condition]));
};

const commandText = (s: Service): string =>
  [s.entrypoint, s.command]
    .flat()
    .filter((p): p is string => typeof p === 'string')
    .join(' ');

describe('docker-compose.yml', () => {
  test('declares every service of the stack', () => {
    expect(Object.keys(services).sort()).toEqual(expect.arrayContaining(ALL_SERVICES));
  });

  test('kafka is a single Apache Kafka KRaft node fit for transactions', () => {
    const kafka = service('kafka');
    expect(kafka.image).toMatch(/^apache\/kafka:/);
    const env = envOf(kafka);
    const roles = (env.KAFKA_PROCESS_ROLES ?? '').split(',').map((r) => r.trim());
    expect(roles).toEqual(expect.arrayContaining(['broker', 'controller']));
    expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBeTruthy();
    expect(env.KAFKA_LISTENERS).toContain('CONTROLLER://');
    expect(env.KAFKA_ADVERTISED_LISTENERS).toContain('localhost:29092');
    expect(env.KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR).toBe('1');
    expect(env.KAFKA_TRANSACTION_STATE_LOG_MIN_ISR).toBe('1');
    expect(env.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR).toBe('1');
    expect(env.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
    expect(JSON.stringify(kafka.healthcheck?.test)).toContain('kafka-broker-api-versions.sh');
  });

  test('mongodb runs as a replica set, as the workers connect with replicaSet=rs0', () => {
    const mongodb = service('mongodb');
    expect(mongodb.image).toMatch(/^mongo:/);
    expect(commandText(mongodb)).toMatch(/--replSet\s+rs0/);
    expect(JSON.stringify(mongodb.healthcheck?.test)).toContain('rs.initiate');
  });

  test('every long-running service has a healthcheck', () => {
    for (const name of ALL_SERVICES.filter((n) => n !== 'init')) {
      const hc = service(name).healthcheck;
      expect({ name, test: hc?.test !== undefined, disabled: hc?.disable === true }).toEqual({
        name,
        test: true,
        disabled: false,
      });
    }
  });

  test('init is a one-shot job from the worker image: the operator CLI creates the topics, then registers the schemas', () => {
    const init = service('init');
    expect(init.restart).toBe('no');
    expect(typeof init.build === 'object' ? init.build.target : undefined).toBe('runtime');
    const deps = conditionsOf(init);
    expect(deps.kafka).toBe('service_healthy');
    expect(deps['schema-registry']).toBe('service_healthy');
    const env = envOf(init);
    expect(env.KAFKA_BROKERS).toBe('kafka:9092');
    expect(env.SCHEMA_REGISTRY_URL).toBe('http://schema-registry:8081');
    // Both steps in one shell line joined by &&: a failed topic creation fails the job
    // (and so the workers' start) before any schema is registered.
    const steps = commandText(init)
      .replace(/^\/bin\/sh -c /, '')
      .split(/\s*&&\s*/)
      .map((step) => step.trim().split(/\s+/));
    expect(steps).toEqual([
      ['node', 'services/ops/dist/cli.js', 'topics', 'create', '--replication-factor', '1'],
      ['node', 'services/ops/dist/cli.js', 'schemas', 'register'],
    ]);
  });

  test('names no topic of its own: a topic variable it sets names the declared topic (init creates the declared ones)', () => {
    for (const name of Object.keys(services)) {
      const topics = Object.entries(envOf(service(name))).filter(([k]) => k.endsWith('_TOPIC'));
      for (const [k, v] of topics)
        expect({ name, k, v }).toEqual({ name, k, v: (DEFAULT_TOPIC as Record<string, string>)[k] });
    }
  });

  test.each(WORKERS)('%s is built from the runtime stage and waits for its dependencies', (name) => {
    const worker = service(name);
    expect(typeof worker.build === 'object' ? worker.build.target : undefined).toBe('runtime');
    expect(worker.command).toEqual(['node', `services/${name}/dist/main.js`]);
    const deps = conditionsOf(worker);
    expect(deps.init).toBe('service_completed_successfully');
    expect(deps.mongodb).toBe('service_healthy');
    expect(deps['schema-registry']).toBe('service_healthy');
    if (name === 'mail-worker') expect(deps.mailpit).toBe('service_healthy');
    expect(JSON.stringify(worker.healthcheck?.test)).toContain('/readyz');
  });

  test.each(WORKERS)('%s reaches the in-network servers', (name) => {
    const env = envOf(service(name));
    expect(env.KAFKA_BROKERS).toBe('kafka:9092');
    expect(env.SCHEMA_REGISTRY_URL).toBe('http://schema-registry:8081');
    expect(env.MONGODB_URI).toMatch(/^mongodb:\/\/mongodb:27017\/\?.*replicaSet=rs0/);
    expect(env.MONGODB_DB).toBeTruthy();
    expect(env.METRICS_PORT).toBe('9464');
    // No default key (it would be public): compose stops with the message unless the host sets one.
    if (name !== 'card-worker') {
      expect(env.EMAIL_KEY).toMatch(/^\$\{EMAIL_KEY:\?[^}]+\}$/);
      expect(env.EMAIL_HASH_KEY).toMatch(/^\$\{EMAIL_HASH_KEY:\?[^}]+\}$/);
    }
    if (name === 'mail-worker') expect(env.SMTP_REQUIRE_TLS).toBe('false');
    if (name === 'mail-worker') expect(env.SMTP_URL).toBe('smtp://mailpit:1025');
  });
});

describe('Dockerfile', () => {
  const fromLines = dockerfile.split('\n').filter((l) => /^\s*FROM\s/i.test(l));
  const userLines = dockerfile.split('\n').filter((l) => /^\s*USER\s/i.test(l));

  test('is multi-stage with a runtime stage', () => {
    expect(fromLines.length).toBeGreaterThanOrEqual(2);
    expect(fromLines.some((l) => /\bAS\s+runtime\s*$/i.test(l))).toBe(true);
  });

  test('builds every workspace (the operator CLI included) and ships the schemas the init job registers', () => {
    expect(dockerfile).toMatch(/^RUN npm run build -- services\/\*$/m);
    expect(dockerfile).toMatch(/^COPY --from=build \/out\/services \.\/services$/m);
    expect(dockerfile).toMatch(/^COPY --from=build \/app\/schemas \.\/schemas$/m);
  });

  test("every stage runs Node 22 LTS, a major package.json's engines accept", () => {
    expect(fromLines.map((l) => /^\s*FROM\s+node:(\d+)-/i.exec(l)?.[1])).toEqual(fromLines.map(() => '22'));
    const engines = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } })
      .engines.node;
    expect(engines.split('||').map((r) => r.trim().replace(/^\^(\d+).*$/, '$1'))).toContain('22');
  });

  test('runs as a non-root user', () => {
    expect(userLines.length).toBeGreaterThan(0);
    const last = userLines[userLines.length - 1]!.trim().split(/\s+/)[1] ?? '';
    expect(last).not.toMatch(/^(root|0)(:|$)/);
  });

  test('.dockerignore keeps local builds and dependencies out of the context', () => {
    const ignore = readFileSync(join(root, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    expect(ignore).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git']));
  });
});

describe('docker compose CLI', () => {
  test('`docker compose config -q` accepts the file where the CLI is installed', () => {
    const version = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8', timeout: 30_000 });
    if (version.error || version.status !== 0) {
      console.info('docker compose CLI not available here; only the static checks above ran');
      return;
    }
    // The e-mail keys have no default (compose requires them from the host): give throw-away ones.
    const keys = { EMAIL_KEY: randomBytes(32).toString('base64'), EMAIL_HASH_KEY: randomBytes(32).toString('base64') };
    const config = spawnSync('docker', ['compose', '-f', composePath, 'config', '-q'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, ...keys },
    });
    // stderr is part of the compared value so a failure shows why compose rejected the file.
    expect({ status: config.status, stderr: config.status === 0 ? '' : config.stderr }).toEqual({
      status: 0,
      stderr: '',
    });
  });
});
