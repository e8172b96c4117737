import { defineConfig } from 'vitest/config';

/** Unit tests: pure modules under Node. Browser tests live in vitest.e2e.config.ts. */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
