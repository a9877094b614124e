import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // e2e tests start servers on ephemeral ports; two workers match this 2-core machine
    maxWorkers: 2,
  },
});
