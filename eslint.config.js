import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Node built-ins and anything that does I/O would break workflow determinism and replay.
const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'worker_threads',
  'zlib',
];
const ioPackages = [
  'pg',
  'knex',
  'undici',
  'nodemailer',
  'stripe',
  '@aws-sdk/*',
  'koa',
  '@koa/*',
  'pino',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
];

// The doors between rooms (docs/architecture.md): an import across a closed one fails `npm run lint`.
// Relative specifiers climb to the top-level folder they name; no room has a sub-folder of these names.
const folder = (name) => `^(\\.\\./)+${name}(/|$)`;
const wrongWay = (names, why, extra = {}) => ({
  patterns: names.map((name) => ({
    regex: folder(name),
    message: `${why} (${name}/ is on the other side of a boundary).`,
    ...extra,
  })),
});
// Workflows are reached through typed clients: their message definitions (`workflows/*-messages`), and the
// workflow functions as types. The folder itself (`workflows`, its index) counts as workflow code.
const workflowsThroughMessages = (who) => ({
  patterns: [
    {
      regex: '^(\\.\\./)+workflows(/(?!.*-messages$)|$)',
      allowTypeImports: true,
      message: `${who} starts workflows by type (import type) and calls them through their *-messages definitions.`,
    },
  ],
});
const boundaries = [
  {
    files: ['platform/**/*.ts'],
    restrict: [
      wrongWay(['gateway', 'api', 'activities', 'workflows', 'scripts', 'test'], 'The shared core imports no surface'),
    ],
  },
  {
    // The typed Temporal clients and Schedules: the one place in the core that knows workflows (later entries win).
    files: ['platform/temporal/**/*.ts'],
    restrict: [
      wrongWay(['gateway', 'api', 'activities', 'scripts', 'test'], 'The shared core imports no surface'),
      workflowsThroughMessages('The shared core'),
    ],
  },
  {
    files: ['gateway/**/*.ts'],
    restrict: [
      wrongWay(['api', 'activities', 'workflows', 'scripts', 'test'], 'The gateway stands on platform/ alone'),
    ],
  },
  {
    files: ['api/**/*.ts'],
    restrict: [
      wrongWay(['gateway', 'activities', 'scripts', 'test'], 'The API stands on platform/ alone'),
      workflowsThroughMessages('The API'),
    ],
  },
  {
    files: ['activities/**/*.ts'],
    restrict: [wrongWay(['gateway', 'api', 'scripts', 'test'], 'Activities stand on platform/ alone')],
  },
  {
    files: ['workflows/**/*.ts'],
    restrict: [
      wrongWay(['gateway', 'api', 'scripts', 'test'], 'Workflows stand on platform/ and activity types alone'),
      {
        patterns: [
          {
            regex: folder('activities'),
            allowTypeImports: true,
            message: 'Workflows import activities as types only and call them through proxyActivities.',
          },
        ],
      },
    ],
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', '.tools/**', '.data/**', '.bench/**', '.scratch/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'scripts/*.mjs', 'api/cli/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins
            .flatMap((name) => [name, `node:${name}`])
            .map((name) => ({ name, message: 'Workflows must be deterministic: no Node built-ins.' })),
          patterns: [{ group: ioPackages, message: 'Workflows must not do I/O: call an activity instead.' }],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Workflows must not read the process environment.' },
        { name: 'setInterval', message: 'Use Temporal timers (sleep/condition).' },
        { name: 'fetch', message: 'Workflows must not do I/O: call an activity instead.' },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message:
            'Use workflow time (Date is deterministic in workflows, but keep intent explicit via workflow helpers).',
        },
      ],
    },
  },
  ...boundaries.map(({ files, restrict }) => ({
    files,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: restrict.flatMap((r) => r.patterns) }] },
  })),
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
