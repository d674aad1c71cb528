// Lint for the whole monorepo. The boundary rules enforce the architecture in docs/ARCHITECTURE.md;
// each message says why the boundary exists.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'path',
  'crypto',
  'http',
  'https',
  'net',
  'child_process',
  'os',
  'stream',
  'url',
  'worker_threads',
];

const packagesMayNotImportApps = {
  group: ['@jaga/server', '@jaga/web', '@jaga/cli', '**/apps/**'],
  message: 'Dependencies point one way, apps -> packages: a package must never import an app.',
};

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/.jaga/**', 'e2e/artifacts/**', 'coverage/**'],
  },
  js.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: globals.node },
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-console': ['error', { allow: ['error', 'warn'] }],
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['packages/**/*.{ts,tsx}'],
    ignores: [
      'packages/**/*.test.ts',
      'packages/**/test/**',
      'packages/**/scripts/**',
      'packages/**/catalogue/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: NODE_BUILTINS,
              message:
                'Pure packages run in Node and the browser: take I/O through options and let apps/* do it. Node built-ins belong in apps/*.',
            },
            {
              group: ['kysely', 'pg', '@electric-sql/*', 'fastify', '@fastify/*', 'undici', 'nats'],
              message:
                'Pure packages hold domain logic only: database and HTTP code belongs in apps/server or apps/cli, which call the package.',
            },
            packagesMayNotImportApps,
          ],
        },
      ],
    },
  },
  {
    files: [
      'packages/**/*.test.ts',
      'packages/**/test/**',
      'packages/**/scripts/**',
      'packages/**/catalogue/**',
    ],
    rules: { 'no-restricted-imports': ['error', { patterns: [packagesMayNotImportApps] }] },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@jaga/server',
                '@jaga/cli',
                '**/apps/server/**',
                '**/apps/cli/**',
                'node:*',
                'kysely',
                'pg',
              ],
              message:
                'The web app runs in the browser and talks to the server over HTTP only: import from @jaga/* packages or call the API.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'apps/cli/**',
      'apps/server/src/main.ts',
      'bench/**',
      'e2e/**',
      '**/*.test.{ts,tsx}',
      '**/test/**',
      '**/scripts/**',
      '**/catalogue/**',
      '.ci/**',
    ],
    rules: { 'no-console': 'off' },
  },
);
