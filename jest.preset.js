// Shared Jest setup: SWC keeps decorator metadata (Nest DI needs it) and is fast on 2 cores.
const path = require('path');

module.exports = (projectDir) => ({
  rootDir: projectDir,
  testEnvironment: 'node',
  // Integration setups (an app, a store, a dozen requests) outlast Jest's 5 s on a loaded two-core machine;
  // no assertion here is timed, so the ceiling only stops a hung test.
  testTimeout: 30_000,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
    // ESM-only dependencies that Node loads through require(esm), which Jest's module runtime cannot.
    '^.+/node_modules/(content-disposition|jose|feed)/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|jose|feed)/)'],
  moduleNameMapper: {
    '^@linchpin/(eventsourcing|eventstore-esdb|eventstore-pg|eventstore-sqlite|bus-kafka|contracts|patterns|platform|testing|service-testing)$':
      path.join(__dirname, 'libs/$1/src/index.ts'),
    '^@linchpin/(detection|triage|coordination|comms|review)$': path.join(__dirname, 'services/$1/src/index.ts'),
  },
  setupFiles: ['reflect-metadata'],
  reporters: ['default', path.join(__dirname, 'scripts/jest-summary-reporter.js')],
});
