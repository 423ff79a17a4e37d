import { defineConfig } from 'vitest/config';

import { END_TO_END, NOT_SUITES, SWEEPS } from './vitest.suites.mjs';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...NOT_SUITES, ...END_TO_END, ...SWEEPS],
    // Worker threads start faster than forked processes: about a sixth less CPU for this suite.
    pool: 'threads',
    // A guard against a hung child process only, far above what any test takes on a loaded
    // 2-core machine: no test may depend on finishing within a time.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
