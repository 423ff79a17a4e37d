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

/** A file git tracks: its mode and the blob its index entry names. */
export interface GitIndexEntry {
  /** '100644', '100755' (regular files), '120000' (symlink), '160000' (submodule). */
  readonly mode: string;
  readonly oid: string;
  /** false when the file on disk may differ from the blob (modified, deleted, type changed, unmerged). */
  readonly clean: boolean;
}

/** What git says of the files under a folder: see gitFileStates. */
export class GitFileStates {
  private trackedMap: Map<string, GitIndexEntry> | undefined;
  private untrackedList: string[] | undefined;

  constructor(
    /** The same key means the same index: a hash of git's index file, or of the listing below. */
    readonly indexKey: string,
    /** Tracked files that differ on disk (modified, deleted, type changed) and untracked files, as git listed them. */
    readonly changed: readonly string[],
    /** `git ls-files -s -z` of the folder, or how to get it when first needed. */
    private index: string | (() => Promise<string>),
  ) {}

  /** Lists the index (a git run) unless it is listed already: `tracked` needs it. */
  async load(): Promise<this> {
    if (typeof this.index !== 'string') this.index = await this.index();
    return this;
  }

  /** Tracked files (relative to the folder, '/'-separated). Parsed when first asked for, after load(). */
  get tracked(): ReadonlyMap<string, GitIndexEntry> {
    if (!this.trackedMap) {
      if (typeof this.index !== 'string') throw new Error('GitFileStates: load() the index before asking for tracked files');
      const changed = new Set(this.changed);
      const tracked = new Map<string, GitIndexEntry>();
      // "<mode> <blob> <stage>\t<path>": sliced, not matched (20,000 records at every run).
      for (const record of records(this.index)) {
        const tab = record.indexOf('\t');
        if (tab < 10 || record[6] !== ' ' || record[tab - 2] !== ' ') continue;
        const rel = record.slice(tab + 1);
        // Unmerged (stages 1-3, one record each): what is on disk is no blob of the index.
        const clean = record[tab - 1] === '0' && !changed.has(rel) && !tracked.has(rel);
        tracked.set(rel, { mode: record.slice(0, 6), oid: record.slice(7, tab - 2), clean });
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

/**
 * git's index file for a work tree folder, found as git finds it (a `.git` folder, or a `.git`
 * file naming the folder of a linked work tree); undefined when the environment points git
 * elsewhere (GIT_DIR, GIT_INDEX_FILE, GIT_WORK_TREE) or nothing is found.
 */
function indexFileOf(dir: string): string | undefined {
  if (process.env.GIT_DIR || process.env.GIT_INDEX_FILE || process.env.GIT_WORK_TREE) return undefined;
  for (let folder = path.resolve(dir); ; folder = path.dirname(folder)) {
    const dotGit = path.join(folder, '.git');
    let stat;
    try {
      stat = statSync(dotGit);
    } catch {
      if (path.dirname(folder) === folder) return undefined;
      continue;
    }
    if (stat.isDirectory()) return path.join(dotGit, 'index');
    const pointer = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
    return pointer ? path.join(path.resolve(folder, pointer), 'index') : undefined;
  }
}

/**
 * The files git knows of under `dir`: every tracked file with its index blob, whether the file
 * on disk still holds that blob (git compares the stat it keeps in its index, and the content
 * when the stat alone cannot tell), and the untracked files. undefined outside a git work tree
 * (or without git).
 *
 * Perf: the stat of every tracked file is made by git in C; a file it reports clean is known by
 * its blob id without a stat or a read from JavaScript. The index is listed by load(), and parsed
 * when first asked for.
 */
export async function gitFileStates(dir: string, options: { readonly listIndex?: boolean } = {}): Promise<GitFileStates | undefined> {
  const listIndex = async () => {
    const result = await runGit(['ls-files', '-s', '-z'], dir);
    if (result.ok) return result.stdout;
    throw new Error(`git ls-files failed in ${dir}: ${result.message}`);
  };
  // The index file's bytes tell whether the index is the same; its listing (a long output) is
  // only asked for when the model has to be built. Perf: a check whose stored result holds
  // needs two git runs, not three.
  let indexBytes: Buffer | undefined;
  try {
    const file = indexFileOf(dir);
    indexBytes = file === undefined ? undefined : readFileSync(file);
  } catch {
    indexBytes = undefined; // a new repository has no index yet: listed below
  }
  // The stat of the tracked files and the walk for untracked ones are two runs side by side:
  // on two cores they take the time of the longer one.
  // With `listIndex` (the caller will need the listing: a model is to be built), it is a third run beside them.
  const [index, differing, untracked] = await Promise.all([
    indexBytes === undefined || options.listIndex === true ? runGit(['ls-files', '-s', '-z'], dir) : undefined,
    // -m and -d: tracked files that differ on disk.
    runGit(['ls-files', '-m', '-d', '-z'], dir),
    runGit(['ls-files', '-o', '--exclude-standard', '-z'], dir),
  ]);
  for (const result of [index, differing, untracked]) {
    if (result === undefined || result.ok) continue;
    if (result.notARepo) return undefined;
    throw new Error(`git ls-files failed in ${dir}: ${result.message}`);
  }
  const changed = [...new Set([differing, untracked].flatMap((result) => records((result as { stdout: string }).stdout)))];
  if (index) {
    const text = (index as { stdout: string }).stdout;
    const key = indexBytes === undefined ? createHash('sha1').update('listing\0').update(text) : createHash('sha1').update('index file\0').update(indexBytes);
    return new GitFileStates(key.digest('hex'), changed, text);
  }
  return new GitFileStates(createHash('sha1').update('index file\0').update(indexBytes as Buffer).digest('hex'), changed, listIndex);
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
