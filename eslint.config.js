import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Packages that hold the domain logic and must stay free of I/O (DESIGN.md, principle 5). */
export const PURE_PACKAGES = ['contracts', 'text', 'classifier', 'routing', 'sla', 'lifecycle'];

/** What a pure package may not import: the adapters, the engines' clients, HTTP, logging, networking. */
export const ADAPTER_IMPORTS = [
  'kafkajs', '@elastic/elasticsearch', 'fastify', 'fastify-*', '@fastify/*', 'pino', 'pino-*', 'testcontainers',
  '@testcontainers/*', '@hotline/kafka', '@hotline/store', '@hotline/runtime',
  'node:http', 'node:https', 'node:http2', 'node:net', 'node:dgram', 'node:child_process',
  'http', 'https', 'http2', 'net', 'dgram', 'child_process',
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '.state/**', 'coverage/**', '**/dist/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The web console runs in the browser (its build output, services/console/dist, is ignored above).
    files: ['services/console/**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { ecmaFeatures: { jsx: true } },
      globals: Object.fromEntries(
        ['window', 'document', 'navigator', 'location', 'history', 'sessionStorage', 'localStorage', 'fetch', 'URL', 'URLSearchParams',
          'AbortController', 'DOMException', 'FormData', 'ResizeObserver', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'console']
          .map((name) => [name, 'readonly']),
      ),
    },
    rules: {
      // Server packages reach the console as types only; a runtime import would pull Node code into the bundle.
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '(^@hotline/|packages/)', allowTypeImports: true, message: 'The console may import server packages for their types only (import type).' }],
      }],
    },
  },
  {
    files: PURE_PACKAGES.map((name) => `packages/${name}/src/**/*.ts`),
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          group: ADAPTER_IMPORTS,
          message: 'Pure packages hold logic only: adapters (Kafka, Elasticsearch, HTTP, logging, networking) belong in packages/kafka, packages/store, packages/runtime or a service.',
        }],
      }],
      'no-restricted-syntax': ['error', {
        selector: "MemberExpression[object.name='process'][property.name='env']",
        message: 'Pure packages take configuration as arguments; only a service main.ts reads the environment.',
      }],
    },
  },
);
