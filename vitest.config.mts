import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Fixture projects may hold their own *.test.ts files (the check skips them): not suites.
    exclude: ['**/node_modules/**', 'test/fixtures/**', 'test/**/fixtures/**'],
    setupFiles: ['test/setup/rule-tester.ts'],
    // Some suites spawn ESLint or tsc in a child process.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
