import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// The boundaries of docs/architecture.md#boundaries: a service imports libs only; adapters never import services;
// domain/ imports only the kernel, the contracts and pure helpers (no Nest, no adapter, no I/O).
// type:pure libs (libs/patterns) hold deterministic code without I/O that any layer may use.
const ioModules = [
  '@nestjs/*', 'kafkajs', 'better-sqlite3', '@eventstore/*', 'fs', 'node:*', 'http', 'https', 'net',
  'child_process', 'crypto', 'os', 'path', 'process',
];

const domainPatterns = [
  { group: ioModules, message: 'domain/ is pure: no Nest, no adapter, no I/O.' },
  {
    group: ['@linchpin/*', '!@linchpin/eventsourcing', '!@linchpin/contracts', '!@linchpin/patterns'],
    message: 'domain/ imports only the kernel, the contracts and the pure helpers (patterns).',
  },
  { group: ['**/application/**', '**/http/**', '../application', '../http'], message: 'domain/ does not depend on outer layers.' },
];

// The kernel's lower-level command API takes a stream name, an upcaster, a cache or a lock from its caller. In a
// service only the bindings in src/domain/streams.ts may call commandHandler; everything else goes through them.
const kernelPath = (inBindings) => [
  {
    name: '@linchpin/eventsourcing',
    importNames: ['executeCommand', 'loadState', 'UpcasterChain', 'StateCache', 'KeyedLock', ...(inBindings ? [] : ['commandHandler'])],
    message:
      'Run commands and load states through the decider bindings of src/domain/streams.ts (commandHandler there, once per decider): ' +
      'no stream name, upcaster, cache or retry option at a call site.',
  },
  { name: '@linchpin/contracts', importNames: ['upcasters'], message: "Raise stored events with the contracts' `upcast`, the one chain." },
];

// Test-support code (libs/testing) may be imported by any project's tests, never by runtime code;
// libs/service-testing assembles a service as it runs (platform + SQLite adapter) for services' tests only;
// a service's runtime code sees ports only (adapters are chosen by the platform), its tests may use adapters.
const boundaries = (inTests) => {
  const testing = inTests ? ['type:testing'] : [];
  const serviceTesting = inTests ? ['type:service-testing'] : [];
  const adaptersInTests = inTests ? ['type:adapter'] : [];
  return [
    'error',
    {
      enforceBuildableLibDependency: false,
      allow: [],
      depConstraints: [
        { sourceTag: 'type:pure', onlyDependOnLibsWithTags: [...testing] },
        { sourceTag: 'type:kernel', onlyDependOnLibsWithTags: ['type:kernel', ...testing] },
        { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:kernel', ...testing] },
        { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:kernel', 'type:contracts', ...testing] },
        { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:kernel', 'type:contracts', 'type:adapter', ...testing] },
        { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:kernel', 'type:contracts', 'type:testing'] },
        { sourceTag: 'type:service-testing', onlyDependOnLibsWithTags: ['type:kernel', 'type:contracts', 'type:testing', 'type:platform', 'type:adapter'] },
        { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:kernel', 'type:contracts', 'type:pure', 'type:platform', ...adaptersInTests, ...testing, ...serviceTesting] },
        { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:kernel', 'type:contracts', 'type:pure', 'type:platform', 'type:adapter', 'type:service'] },
        { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:kernel', 'type:contracts', 'type:testing'] },
        // Benchmarks measure the real code paths, so they may load adapters and services' public APIs.
        {
          sourceTag: 'type:bench',
          onlyDependOnLibsWithTags: ['type:kernel', 'type:contracts', 'type:pure', 'type:adapter', 'type:platform', 'type:service', 'type:testing'],
        },
      ],
    },
  ];
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.js', '**/*.mjs', 'bench/results/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': boundaries(false),
    },
  },
  {
    // End-to-end tests read other processes' JSON answers, whose shapes they assert, not declare.
    files: ['e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts', '**/spec/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(true) },
  },
  {
    // One command path (docs/adding-a-slice.md): a decider is bound to its stream, upcasting and retries once, in
    // src/domain/streams.ts; handlers run it through that binding and never name a stream or an upcaster to the kernel.
    files: ['services/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: kernelPath(false) }] },
  },
  {
    // Routes parse a request and send one command or query; loading, deciding and appending belong to the handlers.
    files: ['services/*/src/http/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...kernelPath(false),
            {
              name: '@linchpin/eventsourcing',
              importNames: ['EVENT_STORE', 'EventStore', 'CHECKPOINT_STORE', 'CheckpointStore'],
              message: 'http/ does not touch the store: routes go through command/query handlers (application/).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['services/*/src/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: kernelPath(false), patterns: domainPatterns }],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'domain/ has no clock: time comes in with the command or event.' },
        { object: 'Math', property: 'random', message: 'domain/ is deterministic.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'domain/ has no clock: time comes in with the command or event.' },
      ],
    },
  },
  {
    // After the domain/ rules, which it narrows: the bindings are where commandHandler is called.
    files: ['services/*/src/domain/streams.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: kernelPath(true), patterns: domainPatterns }] },
  },
);
