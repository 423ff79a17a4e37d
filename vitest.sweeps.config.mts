// The heavy sweeps (thousands of real node_modules files through the rules and the CLI). They are
// bounded by how many files they take, not by time, so they run without a timeout and apart from
// `npm test`: `.ci/run` runs them last.
import { defineConfig } from 'vitest/config';

import { NOT_SUITES, SWEEPS } from './vitest.suites.mjs';

export default defineConfig({
  test: {
    include: SWEEPS,
    exclude: NOT_SUITES,
    testTimeout: 0,
    hookTimeout: 0,
  },
});
