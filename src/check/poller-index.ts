/**
 * The project's pollers, for no-duplicate-poller without `owners`: which other module polls the
 * same token. Built once per project root and process (a lint run, an editor session), kept
 * in memory, and re-validated by file size and mtime when a file that names a Telegram
 * library is linted (never for the others, so they cost nothing). Test files are skipped.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { walkSourceFilesSync } from '../project/files.js';
import { parseFile } from '../core/parse.js';
import { analyzeFile, mentionsBotLibrary } from '../core/pollers.js';
import { isTestFile } from '../project/test-files.js';

export interface IndexedPoller {
  readonly line: number;
  /** Raw token keys; only known tokens are indexed. */
  readonly keys: readonly string[];
}

interface FileEntry {
  readonly mtimeMs: number;
  readonly size: number;
  readonly pollers: readonly IndexedPoller[];
}

interface PollerIndex {
  readonly files: Map<string, FileEntry>;
  validatedAt: number;
  /** How long the last validation took (ms). */
  cost: number;
  /** The files with pollers, computed once per validation (not once per linted file). */
  pollers?: ReadonlyMap<string, readonly IndexedPoller[]>;
}

/** How long a validated index is trusted: a lint run sees one state of the disk; an editor re-checks. */
const REVALIDATE_AFTER_MS = 1000;
/**
 * Perf: a re-validation walks and stats the whole project (~46 ms at 5,000 files, ~160 ms at
 * 20,000), and a lint run that reaches a Telegram file more than a second after the last one
 * paid it again. Trusting the index for 50 times what its last validation cost keeps those
 * re-scans under 2% of the run, while small projects keep the one-second window.
 */
const TRUST_PER_COST = 50;

const indexes = new Map<string, PollerIndex>();
const roots = new Map<string, string>();

/** The project a file belongs to: the nearest folder with a package.json (else its own folder). */
export function projectRootOf(file: string): string {
  const start = path.dirname(file);
  const cached = roots.get(start);
  if (cached) return cached;
  let root = start;
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) {
      root = dir;
      break;
    }
    if (path.dirname(dir) === dir) break;
  }
  roots.set(start, root);
  return root;
}

/** Every known-token poller of the project, by absolute file. */
export function projectPollers(root: string, now: number = Date.now()): ReadonlyMap<string, readonly IndexedPoller[]> {
  let index = indexes.get(root);
  if (!index || now - index.validatedAt > Math.max(REVALIDATE_AFTER_MS, TRUST_PER_COST * index.cost)) {
    index = refresh(root, index);
    index.validatedAt = now;
    indexes.set(root, index);
  }
  if (!index.pollers) {
    const pollers = new Map<string, readonly IndexedPoller[]>();
    for (const [file, entry] of index.files) if (entry.pollers.length > 0) pollers.set(file, entry.pollers);
    index.pollers = pollers;
  }
  return index.pollers;
}

/** Forget every index (tests, and long-lived processes that know the tree was replaced). */
export function clearPollerIndexes(): void {
  indexes.clear();
  roots.clear();
}

function refresh(root: string, previous: PollerIndex | undefined): PollerIndex {
  const start = performance.now();
  // Reading and parsing changed files is left out of the cost: only the walk repeats each time.
  let analysis = 0;
  const files = new Map<string, FileEntry>();
  for (const file of walkSourceFilesSync(root)) {
    if (isTestFile(path.relative(root, file).split(path.sep).join('/'))) continue;
    let stats;
    try {
      stats = statSync(file);
    } catch {
      continue;
    }
    const known = previous?.files.get(file);
    if (known && known.mtimeMs === stats.mtimeMs && known.size === stats.size) {
      files.set(file, known);
      continue;
    }
    const analysisStart = performance.now();
    files.set(file, { mtimeMs: stats.mtimeMs, size: stats.size, pollers: pollersOf(file) });
    analysis += performance.now() - analysisStart;
  }
  return { files, validatedAt: 0, cost: performance.now() - start - analysis };
}

function pollersOf(file: string): IndexedPoller[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  if (!mentionsBotLibrary(text)) return [];
  try {
    return analyzeFile(parseFile(file, text))
      .pollers.filter((poller) => poller.tokenKeys.length > 0)
      .map((poller) => ({ line: poller.node.loc.start.line, keys: poller.tokenKeys }));
  } catch {
    // A file that does not parse is ESLint's to report when it is linted.
    return [];
  }
}
