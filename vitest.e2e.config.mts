// The end-to-end suites: `npm run test:e2e` (they need `npm run build` first; CI runs them after `npm test`).
import { defineConfig } from 'vitest/config';

import { END_TO_END, NOT_SUITES } from './vitest.suites.mjs';

export default defineConfig({
  test: {
    include: END_TO_END,
    exclude: NOT_SUITES,
    // A guard against a hung child process only: no test may depend on finishing within a time.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
