/**
 * A cold `check` starts reading files before it has listed the project: the files of git's index
 * that the listing will almost surely keep (sources outside excluded folders, tests left out
 * unless asked for) go to the scan's helper thread as soon as the index is read. The model takes
 * a scan from there only for a file git then vouches for (./parallel-scan.ts); any other file is
 * read again, so a guess that was wrong costs a read, never a wrong result.
 */
import path from 'node:path';

import type { IndexEntries } from './git-index.js';
import { scanAhead } from './scan-helper.js';
import { excludedAncestor, FINDER_COPY, isSourceFileName, projectPath } from './source-names.js';
import { isTestFile } from './test-files.js';

const REGULAR_FILE_MODES = new Set(['100644', '100755']);

/** Starts scanning the likely sources of `index` (paths relative to `root`) on the helper thread. */
export function scanIndexAhead(root: string, index: IndexEntries, options: { readonly includeTests: boolean }): void {
  const rootAbs = path.resolve(root);
  const files: string[] = [];
  // The list as it crosses to the helper, built as it goes (perf: no join of 20,000 paths after).
  let joined = '';
  index.paths.forEach((rel, position) => {
    const entry = index.entries[position];
    if (!entry?.clean || !REGULAR_FILE_MODES.has(entry.mode)) return;
    if (!isSourceFileName(rel) || FINDER_COPY.test(rel) || excludedAncestor(rel, false) !== undefined) return;
    if (!options.includeTests && isTestFile(rel)) return;
    const file = projectPath(rootAbs, rel);
    joined = files.length === 0 ? file : `${joined}\0${file}`;
    files.push(file);
  });
  scanAhead(files, { joined });
}
