// Lint encodes the house rules: the domain stays pure, only src/store touches Prisma, promises
// are never dropped, and switches over our unions stay exhaustive.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'src/store/generated/', 'test-artifacts/', 'prisma/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/store/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/store/generated/**', '@prisma/*'], message: 'Only src/store talks to Prisma; use a repository port instead.' }] }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '../../store/*',
                '../../channels/*',
                '../../jobs/*',
                '../../console/*',
                '../../http/*',
                '../../llm/*',
                '../../conversation/*',
                '../store/*',
                '../channels/*',
                '../http/*',
                '../conversation/*',
              ],
              message: 'src/domain is pure: no I/O layers. Pass what it needs in.',
            },
            { group: ['node:*', 'fs', 'ioredis', 'bullmq', 'fastify', 'telegraf', 'botbuilder', 'openai', '@prisma/*'], message: 'src/domain is pure: no I/O.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
  {
    // Browser modules: the shared kit and the console's pages, components and state.
    files: [
      'src/http/public/kit/**/*.js',
      'src/console/public/app.js',
      'src/console/public/console-labels.js',
      'src/console/public/state/**/*.js',
      'src/console/public/components/**/*.js',
      'src/console/public/pages/**/*.js',
      'src/console/public/*.js',
    ],
    languageOptions: {
      globals: Object.fromEntries(
        [
          'window',
          'document',
          'navigator',
          'localStorage',
          'sessionStorage',
          'fetch',
          'EventSource',
          'performance',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
          'URLSearchParams',
          'Notification',
          'AudioContext',
          'AbortSignal',
          'FormData',
          'location',
          'Blob',
          'File',
          'HTMLElement',
          'Intl',
          'crypto',
          'history',
          'ResizeObserver',
          'getComputedStyle',
          'matchMedia',
          'echarts',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    // The customer web chat's modules (dependency-free, served at /).
    files: ['src/channels/webchat/public/**/*.js'],
    languageOptions: {
      globals: Object.fromEntries(
        [
          'window',
          'document',
          'navigator',
          'location',
          'history',
          'localStorage',
          'fetch',
          'crypto',
          'AbortSignal',
          'ResizeObserver',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
          'URLSearchParams',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
);
