import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Boundaries of DESIGN.md: a service imports libs only; adapters never import services;
// domain/ imports only the kernel and the contracts (no Nest, no adapter, no I/O).
const ioModules = [
  '@nestjs/*', 'kafkajs', 'better-sqlite3', '@eventstore/*', 'fs', 'node:*', 'http', 'https', 'net',
  'child_process', 'crypto', 'os', 'path', 'process',
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.js', '**/*.mjs', 'bench/results/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:kernel', onlyDependOnLibsWithTags: ['type:kernel'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:kernel'] },
            { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:kernel', 'type:contracts'] },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:kernel', 'type:contracts', 'type:adapter'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:kernel', 'type:contracts', 'type:adapter'] },
            {
              sourceTag: 'type:service',
              onlyDependOnLibsWithTags: ['type:kernel', 'type:contracts', 'type:platform', 'type:adapter', 'type:testing'],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:kernel', 'type:contracts', 'type:platform', 'type:adapter', 'type:service', 'type:testing'],
            },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:kernel', 'type:contracts', 'type:testing'] },
          ],
        },
      ],
    },
  },
  {
    files: ['services/*/src/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ioModules, message: 'domain/ is pure: no Nest, no adapter, no I/O.' },
            {
              group: ['@linchpin/*', '!@linchpin/eventsourcing', '!@linchpin/contracts'],
              message: 'domain/ imports only the kernel and the contracts.',
            },
            { group: ['**/application/**', '**/http/**', '../application', '../http'], message: 'domain/ does not depend on outer layers.' },
          ],
        },
      ],
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
);
