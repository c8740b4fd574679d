import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@workers/runtime';
import { loadOpsConfig } from '../src/config';
import { parseEnvLines, resolveEnv, stackEnvPath } from '../src/env';

const problems = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('endpoints from .stack/env', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ops-env-'));
  const file = join(dir, 'env');
  writeFileSync(
    file,
    'KAFKA_BROKERS=127.0.0.1:9092\nSCHEMA_REGISTRY_URL=http://127.0.0.1:8081\nSTACK_KAFKA_VERSION=Apache Kafka (KRaft)\nSMTP_URL=smtp://x\n',
  );

  it('are used when the environment names none, and only the endpoint keys', () => {
    const { env, from } = resolveEnv({ PATH: '/bin' }, file);
    expect(from).toBe(file);
    expect(env).toEqual({
      PATH: '/bin',
      KAFKA_BROKERS: '127.0.0.1:9092',
      SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081',
    });
  });

  it('are ignored when the environment names any endpoint (never a mix of two stacks)', () => {
    expect(resolveEnv({ SCHEMA_REGISTRY_URL: 'http://registry:8081' }, file)).toEqual({
      env: { SCHEMA_REGISTRY_URL: 'http://registry:8081' },
    });
  });

  it('are not needed: no file, no change', () => {
    expect(resolveEnv({}, join(dir, 'absent'))).toEqual({ env: {} });
  });

  it('live in $STACK_STATE_DIR/env, else .stack/env', () => {
    expect(stackEnvPath({ STACK_STATE_DIR: '/s' })).toBe('/s/env');
    expect(stackEnvPath({}, '/repo')).toBe('/repo/.stack/env');
    expect(parseEnvLines('# c\nA=1=2\n\nb=3\nC_D=\n')).toEqual({ A: '1=2', C_D: '' });
  });
});

describe('loadOpsConfig', () => {
  it('requires only what the command talks to', () => {
    expect(loadOpsConfig(['kafka'], { KAFKA_BROKERS: 'k:9092' })).toMatchObject({
      KAFKA_BROKERS: 'k:9092',
      KAFKA_SSL: false,
    });
    expect(problems(() => loadOpsConfig(['kafka', 'registry'], { KAFKA_BROKERS: '' }))).toEqual([
      'KAFKA_BROKERS: required (comma-separated host:port list)',
      'SCHEMA_REGISTRY_URL: required (schema registry URL such as http://localhost:8081)',
    ]);
  });

  it("checks values with the workers' rules, one line per variable", () => {
    expect(
      problems(() =>
        loadOpsConfig(['kafka'], {
          KAFKA_BROKERS: 'k',
          KAFKA_SSL: 'yes',
          KAFKA_SASL_MECHANISM: 'plain',
          SCHEMA_REGISTRY_URL: 'nope',
          SCHEMA_REGISTRY_USERNAME: 'u',
        }),
      ),
    ).toEqual([
      'KAFKA_BROKERS: each broker must be host:port',
      expect.stringMatching(/^KAFKA_SSL: /),
      'SCHEMA_REGISTRY_URL: must be a URL such as http://localhost:8081',
    ]);
    expect(problems(() => loadOpsConfig([], { KAFKA_SASL_MECHANISM: 'plain', SCHEMA_REGISTRY_USERNAME: 'u' }))).toEqual(
      [
        'KAFKA_SASL_USERNAME: KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required with KAFKA_SASL_MECHANISM',
        expect.stringMatching(/^KAFKA_SSL: must be true with KAFKA_SASL_\*/),
        'SCHEMA_REGISTRY_PASSWORD: required with SCHEMA_REGISTRY_USERNAME (a user without a password)',
      ],
    );
  });
});
