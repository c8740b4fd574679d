// `npm start` (and `npm run demo`, `npm run console`) never mixes configured endpoints with
// the local stack: all configured, or none and the local stack; some configured is refused
// with one line naming the missing ones (start.ts prints it and exits 1), before any stack
// is looked for or started; and development e-mail keys are never made for a configured
// database.
import * as devstack from '@workers/devstack';
import { devKeys } from '../../../scripts/lib/dev-keys';
import { ENDPOINTS, endpointPlan, MixedEndpointsError, resolveEndpoints } from '../../../scripts/lib/endpoints';

// Never a real stack from a unit test: launching one in .stack would stop the shared one.
jest.mock('@workers/devstack', () => ({
  ...jest.requireActual('@workers/devstack'),
  launch: jest.fn(() => Promise.reject(new Error('a unit test must not launch a stack'))),
  runningStack: jest.fn(() => undefined),
}));

const ALL = {
  KAFKA_BROKERS: 'kafka.example.jp:9092',
  SCHEMA_REGISTRY_URL: 'https://registry.example.jp',
  MONGODB_URI: 'mongodb://db.example.jp:27017',
  SMTP_URL: 'smtps://mail.example.jp:465',
};

describe('endpointPlan', () => {
  test('none configured: the local stack; all four: the configured ones', () => {
    expect(endpointPlan({ PATH: '/bin' })).toEqual({ use: 'local' });
    expect(endpointPlan(ALL)).toEqual({ use: 'configured' });
  });

  test.each(ENDPOINTS.map((k) => [k]))('all but %s: refused, naming it', (left) => {
    const env: NodeJS.ProcessEnv = { ...ALL, [left]: '' };
    const plan = endpointPlan(env);
    expect(plan.use).toBe('refused');
    if (plan.use !== 'refused') return;
    expect(plan.problem).toContain(`but ${left} is not`);
    expect(plan.problem.split('\n')).toHaveLength(1);
  });

  test('only KAFKA_BROKERS: refused, naming the three others', () => {
    const plan = endpointPlan({ KAFKA_BROKERS: ALL.KAFKA_BROKERS });
    expect(plan).toEqual({
      use: 'refused',
      problem: expect.stringMatching(/^KAFKA_BROKERS is set but SCHEMA_REGISTRY_URL, MONGODB_URI, SMTP_URL are not/),
    });
  });

  test('a caller that needs no SMTP (the console) runs with the other three', () => {
    const { SMTP_URL: _, ...three } = ALL;
    expect(endpointPlan(three, ['KAFKA_BROKERS', 'SCHEMA_REGISTRY_URL', 'MONGODB_URI'])).toEqual({ use: 'configured' });
    expect(endpointPlan(three).use).toBe('refused');
  });
});

test('development keys are never made for a configured database', () => {
  const saved = { ...process.env };
  try {
    delete process.env.EMAIL_KEY;
    delete process.env.EMAIL_HASH_KEY;
    process.env.MONGODB_URI = ALL.MONGODB_URI;
    expect(() => devKeys(() => undefined)).toThrow(
      /EMAIL_KEY \/ EMAIL_HASH_KEY: required with a configured MONGODB_URI/,
    );
  } finally {
    process.env = saved;
  }
});

test('resolveEndpoints refuses some-but-not-all before looking for or launching a stack', async () => {
  const saved = { ...process.env };
  try {
    for (const k of ENDPOINTS) delete process.env[k];
    process.env.KAFKA_BROKERS = '127.0.0.1:1';
    await expect(resolveEndpoints(() => undefined)).rejects.toThrow(
      /^KAFKA_BROKERS is set but SCHEMA_REGISTRY_URL, MONGODB_URI, SMTP_URL are not/,
    );
    await expect(resolveEndpoints(() => undefined)).rejects.toBeInstanceOf(MixedEndpointsError);
    // A regression must fail here, not start a stack: a launch in the shared state dir would stop
    // the stack running there (its supervisor kills the servers of the pid files it finds).
    expect(devstack.launch).not.toHaveBeenCalled();
    expect(devstack.runningStack).not.toHaveBeenCalled();
  } finally {
    process.env = saved;
  }
});
