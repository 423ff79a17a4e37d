/**
 * Whether loading the plugin may start scanning the project ahead of a lint (./live.ts): a tool
 * that loads ESLint configs without linting (`migrate` reads the rules' options) turns it off
 * first. A module of its own, so that such a tool loads nothing else, and a registered symbol,
 * so that every copy of the plugin in the process (the tool's and the project's) sees it.
 */
const NO_SCAN_AHEAD = Symbol.for('eslint-plugin-telegram-bot: no scan ahead of a lint');

/** Configs loaded from now on in this thread load the plugin without a scan ahead. */
export function noScanAheadOfLint(): void {
  (globalThis as Record<symbol, unknown>)[NO_SCAN_AHEAD] = true;
}

export function scanAheadOfLintAllowed(): boolean {
  return (globalThis as Record<symbol, unknown>)[NO_SCAN_AHEAD] !== true;
}
