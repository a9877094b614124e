import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['tests/setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // e2e tests start servers on ephemeral ports; two workers match this 2-core machine
    maxWorkers: 2,
    projects: [
      // each project names its files: an `include` here would be merged into both
      { extends: true, test: { name: 'polling', include: ['tests/**/*.test.ts'] } },
      {
        // the foundation, needs and kill tests again with updates delivered by webhook (SPEC §4, WEBHOOK_URL)
        extends: true,
        test: {
          name: 'webhook',
          include: ['tests/e2e/foundation.test.ts', 'tests/e2e/needs.test.ts', 'tests/e2e/kill.test.ts'],
          env: { E2E_UPDATES: 'webhook' },
        },
      },
    ],
  },
});
