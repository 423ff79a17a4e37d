// Which test files run in which command. `npm test` keeps the suites a change is checked against
// (one-file rule cases, fixture projects, codemod trees); the two others start many child
// processes or sweep thousands of files, and CI (.ci/run) runs them after it.

/** `npm run test:e2e`: the built CLI, ESLint, git, pre-commit, the codemod.com CLI and npm pack, run as processes. */
export const END_TO_END = [
  'test/e2e/**/*.test.ts',
  'test/ecosystem/**/*.test.ts',
  'test/cli.test.ts',
  'test/consumer-types.test.ts',
  'test/cli/transaction.test.ts',
  'test/robustness/kill-migrate.test.ts',
  'test/robustness/cli-bad-input.test.ts',
];

/** `npm run test:sweeps`: the rules and the CLI over thousands of real node_modules files. */
export const SWEEPS = ['test/robustness/*-real-code.test.ts'];

/** Fixture projects may hold their own *.test.ts files (the check skips them): not suites. */
export const NOT_SUITES = ['**/node_modules/**', 'test/fixtures/**', 'test/**/fixtures/**'];
