import { defineConfig } from 'vitest/config';

/** The sweeps over thousands of real files run apart: `npm run test:sweeps` (vitest.sweeps.config.mts). */
const SWEEPS = ['test/robustness/*-real-code.test.ts'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Fixture projects may hold their own *.test.ts files (the check skips them): not suites.
    exclude: ['**/node_modules/**', 'test/fixtures/**', 'test/**/fixtures/**', ...SWEEPS],
    setupFiles: ['test/setup/rule-tester.ts'],
    // A guard against a hung child process only, far above what any test takes on a loaded
    // 2-core machine: no test may depend on finishing within a time.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
