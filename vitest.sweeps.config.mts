// The heavy sweeps (thousands of real node_modules files through the rules and the CLI). They are
// bounded by how many files they take, not by time, so they run without a timeout and apart from
// `npm test`: `.ci/run` runs them after it.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/robustness/*-real-code.test.ts'], // excluded from vitest.config.mts
    setupFiles: ['test/setup/rule-tester.ts'],
    testTimeout: 0,
    hookTimeout: 0,
  },
});
