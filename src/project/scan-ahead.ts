/**
 * A cold `check` starts reading files before it has listed the project: the helper thread reads
 * git's index itself and scans the files the listing will almost surely keep (sources outside
 * excluded folders, tests left out unless asked for) while the main thread loads its modules
 * and waits for git. The model takes a scan from there only for a file git then vouches for
 * (./parallel-scan.ts); any other file is read again, so a wrong guess costs a read, never a
 * wrong result.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { parseIndexFile } from './git-index.js';
import { excludedAncestor, FINDER_COPY, isSourceFileName, projectPath } from './source-names.js';
import { isTestFile } from './test-files.js';

/** Where the scan started ahead finds its list: git's index file, and the project in its work tree. */
export interface AheadSource {
  readonly indexFile: string;
  /** The project's folder from the top of the work tree, '/'-separated ('' for the top). */
  readonly prefix: string;
  readonly root: string;
  readonly includeTests: boolean;
}

const REGULAR_FILE_MODES = new Set(['100644', '100755']);

/** The likely sources of the index (absolute paths, as the listing spells them); empty when it cannot be read here. */
export function aheadCandidates(source: AheadSource): string[] {
  let index;
  try {
    index = parseIndexFile(readFileSync(source.indexFile), source.prefix);
  } catch {
    return [];
  }
  if (!index) return [];
  const rootAbs = path.resolve(source.root);
  const files: string[] = [];
  index.paths.forEach((rel, position) => {
    const entry = index.entries[position];
    if (!entry?.clean || !REGULAR_FILE_MODES.has(entry.mode)) return;
    if (!isSourceFileName(rel) || FINDER_COPY.test(rel) || excludedAncestor(rel, false) !== undefined) return;
    if (!source.includeTests && isTestFile(rel)) return;
    files.push(projectPath(rootAbs, rel));
  });
  return files;
}
