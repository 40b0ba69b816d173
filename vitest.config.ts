import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs nothing running; `integration` (*.int.test.ts) talks to the real Kafka broker and
// Elasticsearch node that scripts/test starts (or that KAFKA_BROKERS / ELASTICSEARCH_URL point at).
export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: '.state/test-results.json' }]],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts', 'services/*/test/**/*.test.ts', 'tests/unit/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['packages/*/test/**/*.int.test.ts', 'services/*/test/**/*.int.test.ts', 'tests/integration/**/*.int.test.ts', 'tests/browser/**/*.int.test.ts'],
          globalSetup: ['tests/setup/engines.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // The engines are shared: keep integration files from starving each other on a 2-core machine.
          fileParallelism: false,
        },
      },
    ],
  },
});
