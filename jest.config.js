// Three projects: unit tests need no servers; integration tests share one stack that
// globalSetup starts (or reuses when `npm run stack -- up` already runs one) and run two
// files at a time (most of their time is waiting: group joins, session timeouts, restarts);
// the `serial` scenarios cannot share the stack with others running (they stop one of its
// servers, or watch every topic of the cluster), so they run one at a time in a jest run of
// their own on a stack of their own (TEST_STACK), beside the integration run (scripts/test.ts
// plans the runs of `npm test`).
// Scenarios that stop a server every other scenario shares (the database, SMTP, the registry, a
// broker), add network faults, or check that nothing else in the cluster was written (fuzz).
// `npm test` runs them on a stack of three brokers behind Toxiproxy (scripts/test.ts).
const serial = [
  'test/integration/smoke/production-stack.test.ts',
  'test/integration/card/database-outage.test.ts',
  'test/integration/mail/smtp-outage.test.ts',
  'test/integration/reliability/registry-outage.test.ts',
  'test/integration/reliability/zombie-fencing.test.ts',
  'test/integration/reliability/zombie-fencing-generation.test.ts',
  'test/integration/reliability/fuzz.test.ts',
  'test/integration/reliability/broker-restart.test.ts',
  'test/integration/reliability/database-black-hole.test.ts',
];

// test/tsconfig.json sets isolatedModules, so ts-jest transpiles file by file (fast); `tsc -b` type-checks.
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }];
// Workspace packages resolve to their sources, so tests need no prior build.
// A subpath export (`@workers/runtime/pure`) is the file of that name.
const moduleNameMapper = {
  // kafkajs's send step, fixed (services/runtime/src/kafka/send-messages.ts; Node processes get
  // it through produce-fix.ts, which jest's own module registry does not see).
  '^\\./sendMessages$': '<rootDir>/services/runtime/src/kafka/send-messages-cjs.ts',
  '^@workers/([a-z-]+)$': '<rootDir>/services/$1/src/index.ts',
  '^@workers/([a-z-]+)/([a-z-]+)$': '<rootDir>/services/$1/src/$2.ts',
};

const stackShared = {
  transform: { '^.+\\.ts$': tsJest },
  testEnvironment: 'node',
  moduleNameMapper,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFiles: ['<rootDir>/test/support/load-stack-env.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  // Integration scenarios start workers and wait for replies; the stack itself starts in globalSetup.
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/services/*/test/**/*.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
      testEnvironment: 'node',
      moduleNameMapper,
    },
    {
      displayName: 'integration',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      testPathIgnorePatterns: serial,
      ...stackShared,
    },
    {
      displayName: 'serial',
      rootDir: __dirname,
      testMatch: serial.map((f) => `<rootDir>/${f}`),
      ...stackShared,
    },
  ],
};
