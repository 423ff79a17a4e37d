/**
 * The little the CLI asks git: which files a project has (honouring every .gitignore) and which
 * files have changes git could not give back (so `migrate` can refuse a dirty tree without --force).
 *
 * git runs through execFile (no shell, so no quoting of paths) with `-z` output (no C-quoting of
 * odd file names either). Missing git and "not a git repository" are answers, not errors.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { parseIndexFile, type IndexEntries, type IndexEntry } from './git-index.js';

export interface GitWorkTreeState {
  /** false when git is not installed or `dir` is not inside a git work tree. */
  readonly inGit: boolean;
  /** Absolute paths of modified, staged, deleted, renamed and untracked (not ignored) files, sorted. */
  readonly dirtyFiles: string[];
}

type GitResult = { ok: true; stdout: string } | { ok: false; notARepo: boolean; message: string };

async function runGit(args: readonly string[], cwd: string): Promise<GitResult> {
  // A missing cwd fails the spawn with ENOENT too, which would read as "git is not installed".
  if (!statSync(cwd).isDirectory()) throw new Error(`not a folder: ${cwd}`);
  return new Promise((resolve) => {
    execFile(
      'git',
      [...args],
      {
        cwd,
        encoding: 'buffer',
        maxBuffer: 256 * 1024 * 1024,
        // LC_ALL=C keeps git's messages in English for the check below; GIT_OPTIONAL_LOCKS=0 stops
        // `git status` from taking the index lock (it would fight an editor's or a hook's git).
        env: { ...process.env, LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0' },
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ ok: true, stdout: stdout.toString('utf8') });
          return;
        }
        const text = stderr.toString('utf8');
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        resolve({
          ok: false,
          notARepo: missing || /not a git repository/i.test(text),
          message: missing ? 'git is not installed' : text.trim() || error.message,
        });
      },
    );
  });
}

/** `-z` output: NUL-terminated records. */
function records(stdout: string): string[] {
  const parts = stdout.split('\0');
  if (parts.at(-1) === '') parts.pop();
  return parts;
}

/**
 * Paths (relative to `dir`, '/'-separated) of the files git would show for `dir`: tracked ones
 * plus untracked ones that no .gitignore / info/exclude / global excludes file ignores.
 * undefined outside a git work tree (or without git). Tracked files deleted from disk are listed
 * too; the caller checks the disk.
 */
export async function listGitFiles(dir: string): Promise<string[] | undefined> {
  const result = await runGit(['ls-files', '--cached', '--others', '--exclude-standard', '-z'], dir);
  if (result.ok) return [...new Set(records(result.stdout))];
  if (result.notARepo) return undefined;
  throw new Error(`git ls-files failed in ${dir}: ${result.message}`);
}

/** A file git tracks: its mode, the blob its index entry names, and whether the file on disk holds that blob. */
export type GitIndexEntry = Readonly<IndexEntry>;

/** What git says of the files under a folder: see gitFileStates. */
export class GitFileStates {
  private trackedMap: Map<string, GitIndexEntry> | undefined;
  private untrackedList: string[] | undefined;

  constructor(
    /** The same key means the same index: a hash of git's index file, or of the listing below. */
    readonly indexKey: string,
    /** Tracked files that differ on disk (modified, deleted, type changed) and untracked files, as git listed them. */
    readonly changed: readonly string[],
    /** The index's entries under the folder, or how to get them when first needed. */
    private index: IndexEntries | (() => Promise<IndexEntries>),
  ) {}

  /** Reads the index (from its file, or a git run) unless it is read already: `tracked` needs it. */
  async load(): Promise<this> {
    if (typeof this.index === 'function') this.index = await this.index();
    return this;
  }

  /** Tracked files (relative to the folder, '/'-separated). Built when first asked for, after load(). */
  get tracked(): ReadonlyMap<string, GitIndexEntry> {
    if (!this.trackedMap) {
      if (typeof this.index === 'function') throw new Error('GitFileStates: load() the index before asking for tracked files');
      const { paths, entries } = this.index;
      const tracked = new Map<string, IndexEntry>();
      for (let index = 0; index < paths.length; index++) {
        const path = paths[index] as string;
        const entry = entries[index] as IndexEntry;
        // Unmerged, a path has an entry per stage: what is on disk is no blob of the index.
        const before = tracked.get(path);
        if (before) before.clean = entry.clean = false;
        tracked.set(path, entry);
      }
      for (const rel of this.changed) {
        const entry = tracked.get(rel);
        if (entry) entry.clean = false;
      }
      this.trackedMap = tracked;
    }
    return this.trackedMap;
  }

  /** Untracked files that no .gitignore / info/exclude / global excludes file ignores. */
  get untracked(): readonly string[] {
    this.untrackedList ??= this.changed.filter((rel) => !this.tracked.has(rel));
    return this.untrackedList;
  }
}

/** `git ls-files -s -z` output: "<mode> <blob> <stage>\t<path>" records. */
function listedEntries(stdout: string): IndexEntries {
  const paths: string[] = [];
  const entries: IndexEntry[] = [];
  for (const record of records(stdout)) {
    const tab = record.indexOf('\t');
    if (tab < 10 || record[6] !== ' ' || record[tab - 2] !== ' ') continue;
    paths.push(record.slice(tab + 1));
    entries.push({ mode: record.slice(0, 6), oid: record.slice(7, tab - 2), clean: record[tab - 1] === '0' });
  }
  return { paths, entries };
}

/**
 * git's index file for a work tree folder, found as git finds it (a `.git` folder, or a `.git`
 * file naming the folder of a linked work tree), with the folder's path from the top of the
 * work tree; undefined when the environment points git elsewhere (GIT_DIR, GIT_INDEX_FILE,
 * GIT_WORK_TREE) or nothing is found.
 */
function indexFileOf(dir: string): { file: string; prefix: string } | undefined {
  if (process.env.GIT_DIR || process.env.GIT_INDEX_FILE || process.env.GIT_WORK_TREE) return undefined;
  const start = path.resolve(dir);
  for (let folder = start; ; folder = path.dirname(folder)) {
    const dotGit = path.join(folder, '.git');
    let stat;
    try {
      stat = statSync(dotGit);
    } catch {
      if (path.dirname(folder) === folder) return undefined;
      continue;
    }
    const prefix = path.relative(folder, start).split(path.sep).join('/');
    if (stat.isDirectory()) return { file: path.join(dotGit, 'index'), prefix };
    const pointer = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
    return pointer ? { file: path.join(path.resolve(folder, pointer), 'index'), prefix } : undefined;
  }
}

/**
 * The files git knows of under `dir`: every tracked file with its index blob, whether the file
 * on disk still holds that blob (git compares the stat it keeps in its index, and the content
 * when the stat alone cannot tell), and the untracked files. undefined outside a git work tree
 * (or without git).
 *
 * Perf: the stat of every tracked file is made by git in C; a file it reports clean is known by
 * its blob id without a stat or a read from JavaScript. The index is read from its file (git is
 * asked to list it only when that file is not one ./git-index.ts reads), by load() unless
 * `listIndex` says it will be needed.
 */
export async function gitFileStates(
  dir: string,
  options: {
    readonly listIndex?: boolean;
    /** With `listIndex`: called with the index's entries as soon as they are read from its file, before git has answered. */
    readonly onIndex?: (index: IndexEntries) => void;
  } = {},
): Promise<GitFileStates | undefined> {
  const listIndex = async (): Promise<IndexEntries> => {
    const result = await runGit(['ls-files', '-s', '-z'], dir);
    if (result.ok) return listedEntries(result.stdout);
    throw new Error(`git ls-files failed in ${dir}: ${result.message}`);
  };
  // -m and -d: tracked files that differ on disk; -o: untracked ones. When the model is to be
  // built (`listIndex`), its scan keeps both cores busy and one run costs less than two; else
  // the two runs side by side take the time of the longer one. Perf: git is started before
  // anything else here: it is the critical path of a check answered from its stored result.
  const together = options.listIndex === true;
  const where = indexFileOf(dir);
  const listing = Promise.all([
    runGit(together ? ['ls-files', '-m', '-d', '-o', '--exclude-standard', '-z'] : ['ls-files', '-m', '-d', '-z'], dir),
    together ? undefined : runGit(['ls-files', '-o', '--exclude-standard', '-z'], dir),
  ]);
  // The index file's bytes tell whether the index is the same, and hold its entries: read while git runs.
  let indexBytes: Buffer | undefined;
  try {
    indexBytes = where === undefined ? undefined : readFileSync(where.file);
  } catch {
    indexBytes = undefined; // a new repository has no index yet: listed below
  }
  const indexListing = indexBytes === undefined ? runGit(['ls-files', '-s', '-z'], dir) : undefined;
  const fromFile = indexBytes !== undefined && where !== undefined && options.listIndex === true ? parseIndexFile(indexBytes, where.prefix) : undefined;
  if (fromFile) options.onIndex?.(fromFile);
  const [[differing, untracked], index] = await Promise.all([listing, indexListing]);
  for (const result of [index, differing, untracked]) {
    if (result === undefined || result.ok) continue;
    if (result.notARepo) return undefined;
    throw new Error(`git ls-files failed in ${dir}: ${result.message}`);
  }
  const changed = [...new Set([differing, untracked].flatMap((result) => (result ? records((result as { stdout: string }).stdout) : [])))];
  if (index) {
    const text = (index as { stdout: string }).stdout;
    return new GitFileStates(createHash('sha1').update('listing\0').update(text).digest('hex'), changed, listedEntries(text));
  }
  const bytes = indexBytes as Buffer;
  const key = createHash('sha1').update('index file\0').update(bytes).digest('hex');
  if (fromFile) return new GitFileStates(key, changed, fromFile);
  const prefix = (where as { prefix: string }).prefix;
  return new GitFileStates(key, changed, async () => parseIndexFile(bytes, prefix) ?? listIndex());
}

/**
 * Whether `dir` is in a git work tree, and which files of the whole repository are dirty.
 * A git failure other than "not a repository" (for example "dubious ownership") is thrown rather
 * than reported as inGit: false, so a caller's dirty-tree guard cannot be skipped by accident.
 */
export async function gitWorkTreeState(dir: string): Promise<GitWorkTreeState> {
  dir = path.resolve(dir);
  // --show-cdup ('../../') rather than --show-toplevel: the top level is then reached from `dir`
  // as the caller spelled it, so paths stay comparable when `dir` sits behind a symlink
  // (macOS's /tmp → /private/tmp); --show-toplevel would give the real path.
  const where = await runGit(['rev-parse', '--is-inside-work-tree', '--show-cdup'], dir);
  if (!where.ok) {
    if (where.notARepo) return { inGit: false, dirtyFiles: [] };
    throw new Error(`git failed in ${dir}: ${where.message}`);
  }
  const [inside, cdup = ''] = where.stdout.split('\n');
  if (inside !== 'true') return { inGit: false, dirtyFiles: [] }; // inside .git itself: no work tree
  const topLevel = path.resolve(dir, cdup);

  // Porcelain paths are relative to the repository root, whatever the cwd; -uall lists the files
  // inside untracked folders one by one instead of the folder.
  const status = await runGit(['status', '--porcelain', '-z', '--untracked-files=all'], dir);
  if (!status.ok) throw new Error(`git status failed in ${dir}: ${status.message}`);

  const dirty = new Set<string>();
  const entries = records(status.stdout);
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index] ?? '';
    // "XY path"; a rename or copy (R/C in X or Y) is followed by one more record: the old path.
    const code = entry.slice(0, 2);
    dirty.add(path.resolve(topLevel, entry.slice(3)));
    if (code.includes('R') || code.includes('C')) {
      const from = entries[++index];
      if (from !== undefined) dirty.add(path.resolve(topLevel, from));
    }
  }
  return { inGit: true, dirtyFiles: [...dirty].sort() };
}
